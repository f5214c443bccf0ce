import { ENCODER_DIM, type EncodedSignal, vectorCentre } from './speech-embedding';

type Span = { start: number; end: number };

/** Values of a pooled reading: the mean, spread and mean change of each of the 96 dimensions. */
export const POOLED_SIZE = 3 * ENCODER_DIM;

/**
 * What a stretch of a signal sounds like to the encoder: the mean, spread (standard deviation) and mean
 * absolute change from one vector to the next of the vectors whose centre lies in `spans` (a window's
 * speech). A stretch shorter than a vector's hop takes the vector nearest its middle.
 */
export function poolVectors({ count, vectors }: EncodedSignal, spans: readonly Span[]): Float32Array {
  const pooled = new Float32Array(POOLED_SIZE);
  if (count === 0 || spans.length === 0) return pooled;
  let kept: number[] = [];
  for (let k = 0; k < count; k++) {
    const c = vectorCentre(k);
    if (spans.some((s) => c >= s.start && c < s.end)) kept.push(k);
  }
  if (kept.length === 0) {
    const middle = (spans[0].start + spans[spans.length - 1].end) / 2;
    let nearest = 0;
    for (let k = 1; k < count; k++) if (Math.abs(vectorCentre(k) - middle) < Math.abs(vectorCentre(nearest) - middle)) nearest = k;
    kept = [nearest];
  }
  const n = kept.length;
  for (let d = 0; d < ENCODER_DIM; d++) {
    let sum = 0;
    let squares = 0;
    let change = 0;
    for (let i = 0; i < n; i++) {
      const v = vectors[kept[i] * ENCODER_DIM + d];
      sum += v;
      squares += v * v;
      if (i > 0) change += Math.abs(v - vectors[kept[i - 1] * ENCODER_DIM + d]);
    }
    const mean = sum / n;
    pooled[d] = mean;
    pooled[ENCODER_DIM + d] = Math.sqrt(Math.max(0, squares / n - mean * mean));
    pooled[2 * ENCODER_DIM + d] = n > 1 ? change / (n - 1) : 0;
  }
  return pooled;
}

/** Each window's pooled vectors over its speech (the whole window where the detector marked none). */
export function encoderValues(encoded: EncodedSignal, windows: readonly (Span & { speech?: Span })[]): Float32Array[] {
  return windows.map((w) => poolVectors(encoded, [w.speech ?? w]));
}
