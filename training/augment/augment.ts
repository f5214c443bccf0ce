import fili from 'fili';
import { SimpleFilter, SoundTouch } from 'soundtouchjs';
import { createGaussian, createRandom } from '../../src/core/random';
import { rms } from '../../src/core/signal';

/** Bumped whenever augmentation's output changes, so cached features of older copies are not reused. */
export const AUGMENT_VERSION = 2;

/** One augmented copy's recipe; every field is optional so copies can combine them. */
export interface Recipe {
  /** Playback speed with the pitch kept (>1 is faster and shorter). */
  tempo?: number;
  /** Pitch change with the duration kept. */
  semitones?: number;
  /** White noise at this signal-to-noise ratio. */
  snrDb?: number;
  /** Moves the speech inside its model window by this many seconds (applied per window). */
  shiftSeconds?: number;
  /** Keeps only this band, Hz (a telephone line's: 300-3400 Hz), as band-limited recordings are. */
  band?: { low: number; high: number };
  /** Seed of the noise. */
  seed: number;
}

/** Runs SoundTouch (WSOLA time stretch, then rate transposition for pitch) over a mono signal. */
function soundTouch(signal: Float32Array, sampleRate: number, tempo: number, semitones: number): Float32Array {
  const st = new SoundTouch();
  // Its defaults assume 44.1 kHz; auto sequence and seek windows, 8 ms overlap.
  st.stretch.setParameters(sampleRate, 0, 0, 8);
  st.tempo = tempo;
  st.pitchSemitones = semitones;
  // Silence after the end flushes SoundTouch's internal buffers; the loop below stops at the expected length.
  const source = {
    extract(target: Float32Array, numFrames: number, position: number): number {
      for (let i = 0; i < numFrames; i++) target[2 * i] = target[2 * i + 1] = signal[position + i] ?? 0;
      return numFrames;
    },
  };
  const filter = new SimpleFilter(source, st);
  const expected = Math.round(signal.length / tempo);
  const out = new Float32Array(expected);
  const block = new Float32Array(2 * 4096);
  let written = 0;
  while (written < expected) {
    const n = filter.extract(block, Math.min(4096, expected - written));
    for (let i = 0; i < n; i++) out[written + i] = block[2 * i];
    written += n;
  }
  return out;
}

/** Time stretch that keeps pitch: the result lasts `1 / tempo` as long. */
export function stretch(signal: Float32Array, sampleRate: number, tempo: number): Float32Array {
  return soundTouch(signal, sampleRate, tempo, 0);
}

/** Pitch shift that keeps duration. */
export function pitchShift(signal: Float32Array, sampleRate: number, semitones: number): Float32Array {
  return soundTouch(signal, sampleRate, 1, semitones);
}

/** Adds white Gaussian noise at `snrDb` below the signal's RMS level. */
export function addNoise(signal: Float32Array, snrDb: number, seed: number): Float32Array {
  const gaussian = createGaussian(seed);
  const sigma = rms(signal) / 10 ** (snrDb / 20);
  return signal.map((v) => v + sigma * gaussian());
}

const cascades = new fili.CalcCascades();

/** Keeps `low`-`high` Hz of a signal: 4th-order Butterworth high- and low-pass filters, one after the other. */
export function bandLimit(signal: Float32Array, sampleRate: number, low: number, high: number): Float32Array {
  const filter = (cascade: unknown[], input: ArrayLike<number>) => new fili.IirFilter(cascade).multiStep(input);
  const highPassed = filter(cascades.highpass({ order: 2, characteristic: 'butterworth', Fs: sampleRate, Fc: low }), signal);
  return Float32Array.from(filter(cascades.lowpass({ order: 2, characteristic: 'butterworth', Fs: sampleRate, Fc: high }), highPassed));
}

/** Moves a window's content by `samples` (positive: later), filling with silence. */
export function shift(window: Float32Array, samples: number): Float32Array {
  const out = new Float32Array(window.length);
  if (samples >= 0) out.set(window.subarray(0, window.length - samples), samples);
  else out.set(window.subarray(-samples));
  return out;
}

/**
 * The recipe of augmented copy `copy` of a clip: each copy draws from noise (SNR 10-30 dB, 70%), time
 * stretch (tempo 0.8-1.25, 50%), pitch shift (±1-3 semitones, 50%) and a shift of up to ±0.4 s (always),
 * seeded by the run seed, the clip and the copy so every run gets the same copies. With `bandShare`, that
 * share of the copies also keeps only a telephone-like band (high-pass 200-400 Hz, low-pass 3-3.8 kHz),
 * drawn after the rest so that the other parts of every copy stay as they were.
 */
export function recipeFor(seed: number, clipKey: string, copy: number, bandShare = 0): Recipe {
  let h = seed ^ 0x9e3779b9;
  for (let i = 0; i < clipKey.length; i++) h = Math.imul(h ^ clipKey.charCodeAt(i), 16777619);
  const random = createRandom((h ^ Math.imul(copy + 1, 0x85ebca6b)) >>> 0);
  const recipe: Recipe = { seed: Math.floor(random() * 2 ** 31), shiftSeconds: round((random() * 2 - 1) * 0.4) };
  if (random() < 0.5) recipe.tempo = round(0.8 * (1.25 / 0.8) ** random());
  if (random() < 0.5) recipe.semitones = round((1 + 2 * random()) * (random() < 0.5 ? -1 : 1));
  if (random() < 0.7) recipe.snrDb = round(10 + 20 * random());
  if (bandShare > 0 && random() < bandShare) recipe.band = { low: Math.round(200 + 200 * random()), high: Math.round(3000 + 800 * random()) };
  return recipe;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** Applies a recipe's clip-level parts (stretch, pitch, noise, band); the shift is applied per window. */
export function augmentClip(signal: Float32Array, sampleRate: number, recipe: Recipe): Float32Array {
  let out = signal;
  if (recipe.tempo !== undefined || recipe.semitones !== undefined) {
    out = soundTouch(out, sampleRate, recipe.tempo ?? 1, recipe.semitones ?? 0);
  }
  if (recipe.snrDb !== undefined) out = addNoise(out, recipe.snrDb, recipe.seed);
  // After the noise: the line band-limits what the microphone picked up, noise included.
  if (recipe.band) out = bandLimit(out, sampleRate, recipe.band.low, recipe.band.high);
  return out;
}
