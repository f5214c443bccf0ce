import { proxy, releaseProxy, transfer, wrap } from 'comlink';
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
    frameProbabilities(signal, onProgress) {
      const copy = signal.slice();
      return remote.frameProbabilities(transfer(copy, [copy.buffer]), onProgress && proxy(onProgress));
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
