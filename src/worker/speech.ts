import { type Remote, releaseProxy, transfer, wrap } from 'comlink';
import type { SpeechDetector } from '../core/speech';
import type { SpeechApi } from './speech.worker';

/**
 * Speech detector workers, started from the analysis worker: one per core the analysis worker leaves
 * (two at least, so that a file's batches are read side by side while that worker waits for them), at
 * most four. Each holds its own model (about 20 MB of memory).
 */
const WORKERS = Math.min(4, Math.max(2, (navigator.hardwareConcurrency || 2) - 1));

async function startWorker(): Promise<Remote<SpeechApi>> {
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
  return remote;
}

/** The speech detector: batches go to the least busy worker; the live stream lives in the first. */
export async function loadSpeechDetector(): Promise<SpeechDetector> {
  const started = await Promise.allSettled(Array.from({ length: WORKERS }, startWorker));
  const pool = started.flatMap((s) => (s.status === 'fulfilled' ? [{ remote: s.value, busy: 0 }] : []));
  if (pool.length === 0) throw (started[0] as PromiseRejectedResult).reason;
  return {
    async readBatch(samples, batch) {
      const member = pool.reduce((a, b) => (b.busy < a.busy ? b : a));
      member.busy++;
      try {
        return await member.remote.readBatch(transfer(samples, [samples.buffer]), batch);
      } finally {
        member.busy--;
      }
    },
    stream() {
      const stream = pool[0].remote.stream();
      return {
        push: async (samples) => (await stream).push(samples),
        close: () => void stream.then((s) => s[releaseProxy]()),
      };
    },
  };
}
