import LibSampleRate from '@alexanderolsen/libsamplerate-js';
import { assertSampleRate, assertSignal, concatSamples } from './signal';

/**
 * libsamplerate (compiled to wasm) does every rate conversion, in Node and in the browser alike, so the
 * training data and the microphone go through the same filter. Medium quality keeps 90% of the band.
 */
// A UMD bundle: Node exposes it only as a default export.
const { create, ConverterType } = LibSampleRate;
const QUALITY = ConverterType.SRC_SINC_MEDIUM_QUALITY;

/**
 * libsamplerate-js takes at most 1,008,000 samples at once; past that it cuts the signal into chunks of a
 * tenth of a second, which is no whole number of samples at 11,025 Hz and fails. Longer signals are fed
 * here in whole-sample chunks through its streaming call, which keeps the filter state between them.
 */
const MAX_AT_ONCE = 1_000_000;
const CHUNK = 100_000;

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
    if (Math.max(signal.length, (signal.length * outputRate) / inputRate) <= MAX_AT_ONCE) return src.simple(signal);
    const parts: Float32Array[] = [];
    for (let start = 0; start < signal.length; start += CHUNK) parts.push(src.full(signal.subarray(start, start + CHUNK)));
    return concatSamples(parts);
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
