import { proxy, releaseProxy, wrap } from 'comlink';
import type { SpeechDetector } from '../core/speech';
import type { SpeechApi } from './speech.worker';

/**
 * The speech detector, run in its own worker (started from the analysis worker): on a device with two
 * cores or more, detection and the features and model of the same audio run side by side.
 */
export async function loadSpeechDetector(): Promise<SpeechDetector> {
  const worker = new Worker(new URL('./speech.worker.ts', import.meta.url), { type: 'module', name: 'speech' });
  const remote = wrap<SpeechApi>(worker);
  // A worker whose script fails never answers: its error event is the only news of it.
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener('error', (event) => reject(new Error(`The speech detector's worker failed to start (${event.message || 'no message'})`)), { once: true }),
  );
  try {
    await Promise.race([remote.ready(), failed]);
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return {
    reading() {
      const reading = remote.reading();
      // Every call waits on the same promise, so the pieces go out in order; each is copied on its way.
      const release = () => void reading.then((r) => r[releaseProxy]());
      return {
        push: (samples) => void reading.then((r) => r.push(samples)).catch(() => {}),
        async finish(onProgress) {
          try {
            return await (await reading).finish(onProgress && proxy(onProgress));
          } finally {
            release();
          }
        },
        cancel: () => {
          void reading.then((r) => r.cancel());
          release();
        },
      };
    },
    stream() {
      const stream = remote.stream();
      return {
        push: async (samples) => (await stream).push(samples),
        close: () => void stream.then((s) => s[releaseProxy]()),
      };
    },
  };
}
