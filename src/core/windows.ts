import { type FeatureConfig, windowSamples } from './config';
import { fromDb, rms, toDb } from './signal';

/** Where a model window lies in a clip, in samples at the config's rate. */
export interface WindowSpan {
  readonly start: number;
  readonly end: number;
}

/** Per-hop RMS levels in dB, the unit of all silence decisions. */
function hopLevels(signal: Float32Array, config: FeatureConfig): Float64Array {
  const n = Math.ceil(signal.length / config.hopSize);
  const levels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const start = i * config.hopSize;
    levels[i] = toDb(rms(signal, start, Math.min(signal.length, start + config.hopSize)));
  }
  return levels;
}

const loudest = (levels: Float64Array) => levels.reduce((a, b) => Math.max(a, b), -Infinity);

function activeThreshold(levels: Float64Array, config: FeatureConfig): number {
  return Math.max(loudest(levels) - config.silenceRelativeDb, config.silenceFloorDb);
}

/** The level of the signal's loudest hop, in dBFS (-Infinity for digital silence). */
export function loudestLevelDb(signal: Float32Array, config: FeatureConfig): number {
  return loudest(hopLevels(signal, config));
}

/** True when nothing in the signal rises above the silence floor. */
export function isSilent(signal: Float32Array, config: FeatureConfig): boolean {
  const levels = hopLevels(signal, config);
  return !levels.some((l) => l > config.silenceFloorDb);
}

/** The span from the first to the last non-silent hop; null for a silent signal. */
export function activeSpan(signal: Float32Array, config: FeatureConfig): WindowSpan | null {
  const levels = hopLevels(signal, config);
  const threshold = activeThreshold(levels, config);
  const first = levels.findIndex((l) => l > threshold);
  if (first < 0 || levels[first] <= config.silenceFloorDb) return null;
  let last = levels.length - 1;
  while (levels[last] <= threshold) last--;
  return {
    start: first * config.hopSize,
    end: Math.min(signal.length, (last + 1) * config.hopSize),
  };
}

/** Silences shorter than this are pauses inside one stretch of sound (between syllables, words). */
const ISLAND_GAP_SECONDS = 0.3;

/**
 * The stretches of sound between silences, in samples: runs of hops above the level that counts as sound
 * (as `activeSpan` finds it), joined across shorter pauses. Empty for a silent signal.
 */
export function soundIslands(signal: Float32Array, config: FeatureConfig): WindowSpan[] {
  const levels = hopLevels(signal, config);
  const threshold = Math.max(activeThreshold(levels, config), config.silenceFloorDb);
  const gap = Math.round((ISLAND_GAP_SECONDS * config.sampleRate) / config.hopSize);
  const islands: { start: number; end: number }[] = [];
  levels.forEach((level, i) => {
    if (level <= threshold) return;
    const [start, end] = [i * config.hopSize, Math.min(signal.length, (i + 1) * config.hopSize)];
    const last = islands.at(-1);
    if (last && start - last.end <= gap * config.hopSize) last.end = end;
    else islands.push({ start, end });
  });
  return islands;
}

/**
 * Spans of model windows over a clip's active part: one centred window when it is shorter than a window
 * (the rest is padded with silence), else windows every `windowHopSeconds`, plus one flush with the end
 * when more than a quarter hop (250 ms) of the clip would be left after the last: a shorter tail is left
 * out. Empty for a silent clip.
 */
export function windowSpans(signal: Float32Array, config: FeatureConfig): WindowSpan[] {
  const active = activeSpan(signal, config);
  if (!active) return [];
  const size = windowSamples(config);
  const length = active.end - active.start;
  if (length <= size) {
    const start = active.start - Math.floor((size - length) / 2);
    return [{ start, end: start + size }];
  }
  const hop = Math.round(config.windowHopSeconds * config.sampleRate);
  const spans: WindowSpan[] = [];
  for (let start = active.start; start + size <= active.end; start += hop) {
    spans.push({ start, end: start + size });
  }
  // A tail shorter than a quarter hop is not worth a window of its own.
  if (active.end - spans[spans.length - 1].end > hop / 4) {
    spans.push({ start: active.end - size, end: active.end });
  }
  return spans;
}

/** The samples of a span: a view into the clip, or a zero-padded copy where the span runs past it. */
export function spanSamples(signal: Float32Array, span: WindowSpan): Float32Array {
  if (span.start >= 0 && span.end <= signal.length) return signal.subarray(span.start, span.end);
  const out = new Float32Array(span.end - span.start);
  const from = Math.max(0, span.start);
  const to = Math.min(signal.length, span.end);
  if (to > from) out.set(signal.subarray(from, to), from - span.start);
  return out;
}

/**
 * The gain that brings a signal's active (non-silent) part to the target level, capped: 1 for silence.
 * The model must not learn the recording's or the microphone's gain.
 */
export function levelGain(signal: Float32Array, config: FeatureConfig): number {
  const levels = hopLevels(signal, config);
  const threshold = activeThreshold(levels, config);
  let energy = 0;
  let count = 0;
  for (let i = 0; i < levels.length; i++) {
    if (levels[i] <= threshold) continue;
    const start = i * config.hopSize;
    const end = Math.min(signal.length, start + config.hopSize);
    for (let j = start; j < end; j++) energy += signal[j] * signal[j];
    count += end - start;
  }
  if (count === 0) return 1;
  return fromDb(Math.min(config.targetLevelDb - toDb(Math.sqrt(energy / count)), config.maxGainDb));
}

/** A window scaled by its own `levelGain`. Returns a new array. */
export function normalizeLevel(window: Float32Array, config: FeatureConfig): Float32Array {
  const gain = levelGain(window, config);
  return window.map((v) => v * gain);
}

/** How much of the line the spans cover together (overlaps counted once), in their unit. */
export function coveredLength(spans: readonly WindowSpan[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let [from, to] = [0, 0];
  for (const { start, end } of sorted) {
    if (start > to) {
      total += to - from;
      [from, to] = [start, end];
    } else to = Math.max(to, end);
  }
  return total + to - from;
}
