import LibSampleRate from '@alexanderolsen/libsamplerate-js';
import { assertSampleRate, assertSignal } from './signal';

/**
 * libsamplerate (compiled to wasm) does every rate conversion, in Node and in the browser alike, so the
 * training data and the microphone go through the same filter. Medium quality keeps 90% of the band.
 */
// A UMD bundle: Node exposes it only as a default export.
const { create, ConverterType } = LibSampleRate;
const QUALITY = ConverterType.SRC_SINC_MEDIUM_QUALITY;

export interface StreamResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Feeds the next chunk of a continuous stream; returns the output produced so far for it. */
  push(chunk: Float32Array): Float32Array;
  dispose(): void;
}

/** Resamples one whole mono signal. Returns the input itself when the rates already match. */
export async function resample(
  signal: Float32Array,
  inputRate: number,
  outputRate: number,
): Promise<Float32Array> {
  assertSampleRate(inputRate);
  assertSignal(signal);
  if (inputRate === outputRate) return signal;
  const src = await create(1, inputRate, outputRate, { converterType: QUALITY });
  try {
    return src.simple(signal);
  } finally {
    src.destroy();
  }
}

/** A resampler that keeps its filter state between chunks, for live capture. */
export async function createStreamResampler(
  inputRate: number,
  outputRate: number,
): Promise<StreamResampler> {
  assertSampleRate(inputRate);
  if (inputRate === outputRate) {
    return { inputRate, outputRate, push: (chunk) => chunk.slice(), dispose: () => {} };
  }
  const src = await create(1, inputRate, outputRate, { converterType: QUALITY });
  return {
    inputRate,
    outputRate,
    push: (chunk) => (chunk.length === 0 ? new Float32Array(0) : src.full(chunk)),
    dispose: () => src.destroy(),
  };
}
