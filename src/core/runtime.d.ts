// The globals the core uses that Node, workers and pages all have. Declared here, for the core's own
// program only (tsconfig.core.json; the others have them from the DOM, WebWorker or Node types), because
// that program sees none of those types: a use of anything else of theirs is a compiler error.
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare const performance: { now(): number };
declare const crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> } };
