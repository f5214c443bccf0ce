import * as ort from 'onnxruntime-web/wasm';

// One thread: threads need a cross-origin-isolated page, and the app reads in its own workers anyway.
// Set once for every model the core runs on onnxruntime (the speech detector, the speech encoder).
ort.env.logLevel = 'error';
ort.env.wasm.numThreads = 1;

export { ort };
