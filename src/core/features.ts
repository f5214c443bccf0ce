import FFT from 'fft.js';
import Meyda from 'meyda';
import { type FeatureConfig, featureCount, frameCount } from './config';
import { assertSignal } from './signal';

/**
 * The meyda release whose filter banks (read from its internals) and extractors these features follow. A
 * model records it and is refused by a build with another; a test holds it equal to the installed meyda.
 */
export const MEYDA_VERSION = '5.6.3';

/** A [frames x features] matrix, row-major, in the column order of `featureNames`. */
export interface FeatureMatrix {
  readonly frames: number;
  readonly features: number;
  readonly data: Float32Array;
}

type Extractor = (args: { signal: ArrayLike<number> }) => number;
const timeDomain = Meyda.featureExtractors as { rms: Extractor; zcr: Extractor };

/** One mel filter of meyda's bank, kept as its non-zero run only. */
interface SparseFilter {
  readonly first: number;
  readonly weights: Float64Array;
}

interface Banks {
  readonly config: FeatureConfig;
  /** meyda's window for the frame size, and fft.js's real FFT with its buffers (reused frame after frame). */
  readonly window: Float64Array;
  readonly fft: FFT;
  readonly windowed: Float64Array;
  readonly spectrum: Float64Array;
  readonly amp: Float32Array;
  readonly mel: SparseFilter[];
  /** meyda's chroma bank without its exact zeros (two thirds of it), which change no sum. */
  readonly chroma: { readonly bins: Uint16Array; readonly weights: Float64Array }[];
  /** cos(pi/N (n + 1/2) k) for the first `mfccCount` k: the DCT-II rows meyda's MFCC uses. */
  readonly dct: Float64Array[];
}

let banks: Banks | undefined;

/**
 * cos(pi/N (n + 1/2) k) for the first `count` k over `bands` log-mel bands: the DCT-II rows meyda's MFCC
 * uses. An MFCC is twice a row's product with the frame's log-mel bands.
 */
export function mfccBasis(bands: number, count: number): Float64Array[] {
  return Array.from({ length: count }, (_, k) => Float64Array.from({ length: bands }, (_, i) => Math.cos((Math.PI / bands) * (i + 0.5) * k)));
}

/**
 * meyda keeps its settings and filter banks in one global object and rebuilds the banks only on some
 * changes, so set every field and let meyda build fresh banks whenever the config changes.
 */
function configure(config: FeatureConfig): Banks {
  if (banks?.config === config) return banks;
  const state = Meyda as unknown as Record<string, unknown>;
  Meyda.bufferSize = config.frameSize;
  Meyda.sampleRate = config.sampleRate;
  Meyda.melBands = config.melBands;
  Meyda.chromaBands = config.chromaBands;
  Meyda.numberOfMFCCCoefficients = config.mfccCount;
  Meyda.windowingFunction = config.windowingFunction;
  delete state.melFilterBank;
  delete state.chromaFilterBank;
  delete state.barkScale;
  Meyda.extract('rms', new Float32Array(config.frameSize));
  const bins = config.frameSize / 2;
  const mel = (state.melFilterBank as number[][]).map((row) => {
    const used = row.slice(0, bins);
    const first = Math.max(
      0,
      used.findIndex((w) => w > 0),
    );
    const last = used.findLastIndex((w) => w > 0);
    return { first, weights: Float64Array.from(used.slice(first, last + 1)) };
  });
  const dct = mfccBasis(config.melBands, config.mfccCount);
  const chroma = (state.chromaFilterBank as number[][]).map((row) => {
    const used = row.slice(0, bins).flatMap((w, j) => (w === 0 ? [] : [[j, w]]));
    return { bins: Uint16Array.from(used, ([j]) => j), weights: Float64Array.from(used, ([, w]) => w) };
  });
  const window = Float64Array.from(Meyda.windowing(new Float32Array(config.frameSize).fill(1), config.windowingFunction) as ArrayLike<number>);
  const fft = new FFT(config.frameSize);
  banks = {
    config,
    window,
    fft,
    windowed: new Float64Array(config.frameSize),
    spectrum: new Float64Array(2 * config.frameSize),
    amp: new Float32Array(bins),
    mel,
    chroma,
    dct,
  };
  return banks;
}

/**
 * meyda's amplitude spectrum (its window, then |FFT| of the first half, in float32) through fft.js's radix-4
 * real FFT: meyda's own FFT took two thirds of the features' time.
 */
function amplitudeSpectrum(frame: Float32Array, { window, fft, windowed, spectrum, amp }: Banks): Float32Array {
  for (let i = 0; i < frame.length; i++) windowed[i] = frame[i] * window[i];
  fft.realTransform(spectrum, windowed);
  for (let k = 0; k < amp.length; k++) amp[k] = Math.sqrt(spectrum[2 * k] ** 2 + spectrum[2 * k + 1] ** 2);
  return amp;
}

/**
 * Writes one frame's features into `out` at `offset`: zero-crossing rate per sample and RMS of the raw
 * frame (meyda would window them first), then chroma, MFCC and log-mel bands from meyda's windowed
 * amplitude spectrum and filter banks, as meyda defines them (log-mel = log(1 + mel power), MFCC = the
 * unscaled DCT-II of that). The sums run here over typed, sparse banks: meyda's own generic-array loops
 * cost more than the whole real-time budget. A test holds them equal to meyda's extractors.
 */
export function extractFrame(frame: Float32Array, config: FeatureConfig, out: Float32Array, offset = 0): void {
  const bank = configure(config);
  const { mel, chroma, dct } = bank;
  if (frame.length !== config.frameSize) {
    throw new RangeError(`A frame must hold ${config.frameSize} samples, got ${frame.length}`);
  }
  const amp = amplitudeSpectrum(frame, bank);
  let o = offset;
  out[o++] = timeDomain.zcr({ signal: frame }) / (frame.length - 1);
  out[o++] = timeDomain.rms({ signal: frame });

  // Chroma: meyda's bank applied to the amplitude spectrum, scaled so the strongest bin is 1.
  const chromaStart = o;
  let chromaMax = 0;
  for (const { bins, weights } of chroma) {
    let sum = 0;
    for (let j = 0; j < bins.length; j++) sum += weights[j] * amp[bins[j]];
    out[o++] = sum;
    chromaMax = Math.max(chromaMax, sum);
  }
  if (chromaMax > 0) for (let i = chromaStart; i < o; i++) out[i] /= chromaMax;

  const logMel = new Float64Array(mel.length);
  for (let b = 0; b < mel.length; b++) {
    const { first, weights } = mel[b];
    let sum = 0;
    for (let j = 0; j < weights.length; j++) sum += weights[j] * amp[first + j] * amp[first + j];
    logMel[b] = Math.log(sum + 1);
  }
  for (const row of dct) {
    let sum = 0;
    for (let i = 0; i < row.length; i++) sum += row[i] * logMel[i];
    out[o++] = 2 * sum;
  }
  for (const v of logMel) out[o++] = v;
}

/** Frames a mono signal at the config's rate and extracts every frame's features. */
export function extractFeatures(signal: Float32Array, config: FeatureConfig): FeatureMatrix {
  assertSignal(signal);
  const frames = frameCount(signal.length, config);
  if (frames === 0) {
    throw new RangeError(`The signal is shorter than one frame (${signal.length} < ${config.frameSize} samples)`);
  }
  const features = featureCount(config);
  const data = new Float32Array(frames * features);
  for (let f = 0; f < frames; f++) {
    const start = f * config.hopSize;
    extractFrame(signal.subarray(start, start + config.frameSize), config, data, f * features);
  }
  return { frames, features, data };
}
