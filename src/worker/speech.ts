import { type Remote, releaseProxy, transfer, wrap } from 'comlink';
import { ENCODER_DIM, type EncodedSignal, type SpeechEncoder, VECTOR_HOP, VECTOR_SPAN, vectorCount } from '../core/encoder/speech-embedding';
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
    worker.addEventListener('error', (event) => reject(new Error(`The speech detector's worker failed to start (${event.message || 'no message'})`)), {
      once: true,
    }),
  );
  try {
    await Promise.race([remote.ready(), failed]);
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return remote;
}

type Pool = { remote: Remote<SpeechApi>; busy: number }[];

/** Runs a call on the least busy worker. */
async function onLeastBusy<T>(pool: Pool, call: (remote: Remote<SpeechApi>) => Promise<T>): Promise<T> {
  const member = pool.reduce((a, b) => (b.busy < a.busy ? b : a));
  member.busy++;
  try {
    return await call(member.remote);
  } finally {
    member.busy--;
  }
}

/** The speech detector's workers: the detector, and the speech encoder in the same workers (loaded on first use). */
export interface SpeechWorkers {
  detector: SpeechDetector;
  encoder(): Promise<SpeechEncoder>;
}

/** Vectors per call of the encoder: 10 s of signal, so that a batch's stretch (about 34 s) is read by all the workers at once. */
const ENCODE_CHUNK = 125;

/** A signal's encoder vectors, its stretches read side by side by the workers (each stretch's vectors are the whole signal's). */
async function encodeOnPool(pool: Pool, signal: Float32Array): Promise<EncodedSignal> {
  const count = vectorCount(signal.length);
  const vectors = new Float32Array(count * ENCODER_DIM);
  const parts: Promise<void>[] = [];
  for (let first = 0; first < count; first += ENCODE_CHUNK) {
    const n = Math.min(ENCODE_CHUNK, count - first);
    const part = signal.slice(first * VECTOR_HOP, (first + n - 1) * VECTOR_HOP + VECTOR_SPAN);
    parts.push(onLeastBusy(pool, (remote) => remote.encode(transfer(part, [part.buffer]))).then((read) => vectors.set(read.vectors, first * ENCODER_DIM)));
  }
  await Promise.all(parts);
  return { count, vectors };
}

/** The speech detector: batches go to the least busy worker; the live stream lives in the first. */
export async function loadSpeechWorkers(): Promise<SpeechWorkers> {
  const started = await Promise.allSettled(Array.from({ length: WORKERS }, startWorker));
  const pool: Pool = started.flatMap((s) => (s.status === 'fulfilled' ? [{ remote: s.value, busy: 0 }] : []));
  if (pool.length === 0) throw (started[0] as PromiseRejectedResult).reason;
  let encoder: Promise<SpeechEncoder> | undefined;
  const loadEncoder = async (): Promise<SpeechEncoder> => {
    const [digests] = await Promise.all(pool.map((m) => m.remote.encoderReady()));
    return { digests, encode: (signal) => encodeOnPool(pool, signal) };
  };
  const detector: SpeechDetector = {
    readBatch: (samples, batch) => onLeastBusy(pool, (remote) => remote.readBatch(transfer(samples, [samples.buffer]), batch)),
    stream() {
      const stream = pool[0].remote.stream();
      return {
        push: async (samples) => (await stream).push(samples),
        close: () => void stream.then((s) => s[releaseProxy]()),
      };
    },
  };
  return {
    detector,
    encoder() {
      encoder ??= loadEncoder();
      encoder.catch(() => (encoder = undefined));
      return encoder;
    },
  };
}
