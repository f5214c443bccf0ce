import sileroUrl from '@ricky0123/vad-web/dist/silero_vad_v5.onnx?url';
import { expose, proxy, transfer } from 'comlink';
import { type Batch, type SpeechDetector, createSpeechDetector } from '../core/speech';

/**
 * The speech detector in a worker of its own (one of a few), so that it reads a file on other cores
 * while the analysis worker decodes it, computes the windows' features and runs the model. Its files are
 * bundled with the app (and precached): nothing comes from a CDN.
 */
async function load(): Promise<SpeechDetector> {
  const response = await fetch(sileroUrl);
  if (!response.ok) throw new Error(`The speech detector cannot be loaded (${sileroUrl}: HTTP ${response.status})`);
  return createSpeechDetector(new Uint8Array(await response.arrayBuffer()));
}

const detector = load();

export const speechApi = {
  /** Resolves once the detector is loaded; rejects with why it cannot be. */
  async ready(): Promise<void> {
    await detector;
  },
  /** Reads one batch of rows of a signal (the analysis worker cuts the signal into batches). */
  async readBatch(samples: Float32Array, batch: Batch): Promise<Float32Array> {
    const probs = await (await detector).readBatch(samples, batch);
    return transfer(probs, [probs.buffer]);
  },
  /** A live stream, kept here and driven from the analysis worker. */
  async stream() {
    return proxy((await detector).stream());
  },
};

export type SpeechApi = typeof speechApi;

expose(speechApi);
