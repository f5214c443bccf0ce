import { EMOTIONS, emotionProbabilities } from './labels';

/**
 * Temperature scaling: p^(1/T), renormalised, which is the softmax of the logits divided by T. T > 1
 * softens an overconfident model; T = 1 changes nothing. The order of the classes never changes.
 */
export function withTemperature(probs: ArrayLike<number>, temperature: number): Float32Array {
  const out = new Float32Array(probs.length);
  if (temperature === 1) {
    out.set(Array.from(probs));
    return out;
  }
  // Through logs, shifted by the largest, so that tiny probabilities neither underflow nor divide by zero.
  const logs = Array.from(probs, (p) => Math.log(Math.max(p, 1e-30)) / temperature);
  const top = Math.max(...logs);
  let sum = 0;
  logs.forEach((l, i) => (sum += out[i] = Math.exp(l - top)));
  return out.map((v) => v / sum);
}

/** A clip's windows (14 class probabilities each, as the model gives them) and its true emotion's index. */
export interface CalibrationSample {
  windows: readonly Float32Array[];
  emotion: number;
}

/** The clip's 7 emotion probabilities at a temperature: windows scaled, averaged, genders summed. */
export function clipEmotions(windows: readonly Float32Array[], temperature: number): number[] {
  const mean = new Float32Array(windows[0].length);
  for (const w of windows) withTemperature(w, temperature).forEach((p, k) => (mean[k] += p / windows.length));
  const byEmotion = emotionProbabilities(mean);
  return EMOTIONS.map((e) => byEmotion[e]);
}

function meanNegativeLogLikelihood(samples: readonly CalibrationSample[], temperature: number): number {
  return samples.reduce((sum, s) => sum - Math.log(Math.max(clipEmotions(s.windows, temperature)[s.emotion], 1e-12)), 0) / samples.length;
}

/**
 * The temperature that makes clip-level emotion probabilities most likely on held-out clips (least negative
 * log-likelihood), searched on a log scale from 0.25 to 8 and refined around the best step. Each source of
 * clips (a corpus of voices the model never heard) weighs the same, however many clips it has: one large
 * corpus would otherwise set the confidence for every voice.
 */
export function fitTemperature(sources: readonly (readonly CalibrationSample[])[]): number {
  const fitted = sources.filter((s) => s.length > 0);
  if (fitted.length === 0) throw new Error('No clips to fit a temperature on');
  const search = (from: number, to: number, steps: number) => {
    let best = { t: 1, nll: Infinity };
    for (let i = 0; i <= steps; i++) {
      const t = Math.exp(Math.log(from) + ((Math.log(to) - Math.log(from)) * i) / steps);
      const nll = fitted.reduce((sum, samples) => sum + meanNegativeLogLikelihood(samples, t), 0);
      if (nll < best.nll) best = { t, nll };
    }
    return best.t;
  };
  const coarse = search(0.25, 8, 40);
  return search(coarse / 1.1, coarse * 1.1, 20);
}

/**
 * Expected calibration error of top-1 answers: the clips binned by confidence (15 equal bins), the gap
 * between each bin's mean confidence and its accuracy, weighted by the bin's share of clips.
 */
export function expectedCalibrationError(confidence: readonly number[], correct: readonly boolean[], bins = 15): number {
  if (confidence.length === 0) return 0;
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  confidence.forEach((c, i) => {
    const b = Math.min(bins - 1, Math.floor(c * bins));
    count[b]++;
    conf[b] += c;
    if (correct[i]) hits[b]++;
  });
  return count.reduce((sum, n, b) => (n ? sum + (n / confidence.length) * Math.abs(conf[b] / n - hits[b] / n) : sum), 0);
}

/** How often the answers the app names must be right on validation speakers; below, it says "uncertain". */
export const TARGET_ANSWER_ACCURACY = 2 / 3;

/**
 * The lowest confidence from which a clip's top emotion is named: the smallest threshold (in steps of 0.01)
 * at which the clips at or above it were right at least `target` of the time. Held-out clips only.
 */
export function chooseUncertainThreshold(confidence: readonly number[], correct: readonly boolean[], target = TARGET_ANSWER_ACCURACY): number {
  for (let step = 0; step <= 100; step++) {
    const t = step / 100;
    const kept = confidence.flatMap((c, i) => (c >= t ? [correct[i]] : []));
    if (kept.length > 0 && kept.filter(Boolean).length / kept.length >= target) return t;
  }
  return 1;
}
