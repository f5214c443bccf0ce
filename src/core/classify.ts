import type { FeatureConfig } from './config';
import type { FeatureMatrix } from './features';
import { type Emotion, type Gender, argmaxKey, emotionProbabilities, genderProbabilities } from './labels';
import { type EmotionModel, predictWindows } from './model';
import { clipWindows } from './pipeline';
import type { WindowSpan } from './windows';

export interface WindowResult {
  /** Where the window lies, in seconds from the clip's start (it may reach into padding). */
  start: number;
  end: number;
  probs: Float32Array;
}

export interface ClipResult {
  windows: WindowResult[];
  /** Mean of the windows' 14 class probabilities. */
  probs: Float32Array;
  emotions: Record<Emotion, number>;
  gender: Record<Gender, number>;
  topEmotion: Emotion;
  topGender: Gender;
}

export class SilentClipError extends Error {
  constructor() {
    super('The recording is silent: no speech to classify');
    this.name = 'SilentClipError';
  }
}

/** Averages window probabilities into one clip result. */
export function summarize(windows: WindowResult[]): ClipResult {
  if (windows.length === 0) throw new SilentClipError();
  const probs = new Float32Array(windows[0].probs.length);
  for (const w of windows) w.probs.forEach((p, i) => (probs[i] += p / windows.length));
  const emotions = emotionProbabilities(probs);
  const gender = genderProbabilities(probs);
  return { windows, probs, emotions, gender, topEmotion: argmaxKey(emotions), topGender: argmaxKey(gender) };
}

/**
 * Classifies a mono signal at the config's rate: every speech window through the model, then their mean.
 * The app (for dropped files) and `npm run evaluate` both call this, so they agree.
 */
export async function classifySignal(
  model: EmotionModel,
  signal: Float32Array,
  config: FeatureConfig,
): Promise<ClipResult> {
  const spans: WindowSpan[] = [];
  const matrices: FeatureMatrix[] = [];
  for (const w of clipWindows(signal, config)) {
    spans.push(w.span);
    matrices.push(w.features);
  }
  if (matrices.length === 0) throw new SilentClipError();
  const probs = await predictWindows(model, matrices);
  return summarize(
    spans.map((s, i) => ({ start: s.start / config.sampleRate, end: s.end / config.sampleRate, probs: probs[i] })),
  );
}
