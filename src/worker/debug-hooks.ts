import * as tf from '@tensorflow/tfjs-core';
import { type StageTimes, featureRealTimeFactor, inferenceMs, speechRealTimeFactor, stageTimesMs, windowLatencyMs } from '../core/benchmark';
import { FEATURE_CONFIG } from '../core/config';
import { clipWindows, toModelInput } from '../core/pipeline';
import type { WindowSpan } from '../core/windows';
import type { EncodedSignal } from '../core/encoder/speech-embedding';
import type { DebugHooks } from '../protocol';
import { requireDetector, requireEncoder, requireModel, webglContext } from './analysis';
import { decodeWhole } from './file-analysis';

/**
 * What tests and benchmarks ask of the analysis worker beyond the app's own API, in a chunk of its own: only
 * a worker a `?bench` page starts loads it (`analysis.worker.ts`).
 */
export const debugHooks: DebugHooks = {
  /** Test hook: makes the browser drop the WebGL context, as a GPU reset would; resolves once it is gone. */
  async loseWebglContext(): Promise<boolean> {
    const gl = webglContext();
    const extension = gl?.getExtension('WEBGL_lose_context');
    if (!gl || !extension) return false;
    const lost = new Promise<void>((resolve) => gl.canvas.addEventListener('webglcontextlost', () => resolve(), { once: true }));
    extension.loseContext();
    await lost;
    return true;
  },

  /** Test hook: frees the model's weights under it, so that its next use fails as a broken GPU would make it. */
  breakModel(): void {
    requireModel().model.dispose();
  },

  /** The number of live tfjs tensors: flat over a session, or something leaks. */
  tensorCount(): number {
    return tf.memory().numTensors;
  },

  /** Benchmarks of this worker (`npm run bench`): feature real-time factor, and ms per window. */
  benchFeatures: (seconds: number) => featureRealTimeFactor(FEATURE_CONFIG, seconds),
  benchInference: (runs: number) => inferenceMs(requireModel(), FEATURE_CONFIG, runs),
  benchSpeech: async (seconds: number) => speechRealTimeFactor(await requireDetector(), seconds),
  benchWindows: (runs: number) => windowLatencyMs(requireModel(), FEATURE_CONFIG, runs),
  /** Where a file's analysis spends its time, in ms: decoding, then the stages after it, one at a time. */
  async benchStages(bytes: Uint8Array<ArrayBuffer>): Promise<StageTimes & { decode: number }> {
    const start = performance.now();
    const { channels, sampleRate } = await decodeWhole(new Blob([bytes]));
    const decode = performance.now() - start;
    return { decode, ...(await stageTimesMs(requireModel(), FEATURE_CONFIG, channels, sampleRate, await requireDetector())) };
  },

  /** Features of every model window of a decoded clip (used to prove Node/browser parity). */
  async clipFeatures(channels: Float32Array[], sampleRate: number): Promise<{ span: WindowSpan; data: Float32Array }[]> {
    const signal = await toModelInput(channels, sampleRate, FEATURE_CONFIG);
    return [...clipWindows(signal, FEATURE_CONFIG)].map((w) => ({ span: w.span, data: w.features.data }));
  },

  /** The speech encoder's vectors of a 16 kHz signal, read as the app reads it (Node/browser parity). */
  clipEncoding: async (signal: Float32Array): Promise<EncodedSignal> => (await requireEncoder()).encode(signal),
};
