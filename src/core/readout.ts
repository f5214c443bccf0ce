import { EMOTIONS, type Emotion } from './labels';

/**
 * Below this calibrated confidence an answer is called uncertain when the model's metadata sets no threshold
 * of its own: a top emotion under 50% is more likely wrong than right.
 */
export const DEFAULT_UNCERTAIN_BELOW = 0.5;

/** What the app says about a set of emotion probabilities: one emotion, or "uncertain" between the likeliest. */
export interface Readout {
  /** The top emotion, or null when the answer is uncertain. */
  emotion: Emotion | null;
  /** The top emotion's (calibrated) probability. */
  confidence: number;
  /** The likeliest emotions, best first: the one named, or the two an uncertain answer lies between. */
  candidates: Emotion[];
}

export function readout(emotions: Record<Emotion, number>, uncertainBelow: number): Readout {
  const ranked = [...EMOTIONS].sort((a, b) => emotions[b] - emotions[a]);
  const confidence = emotions[ranked[0]];
  const uncertain = confidence < uncertainBelow;
  return { emotion: uncertain ? null : ranked[0], confidence, candidates: uncertain ? ranked.slice(0, 2) : ranked.slice(0, 1) };
}

/** "angry (72%)" or "uncertain: fear or sad". */
export function readoutText({ emotion, confidence, candidates }: Readout): string {
  return emotion ? `${emotion} (${Math.round(confidence * 100)}%)` : `uncertain: ${candidates.join(' or ')}`;
}
