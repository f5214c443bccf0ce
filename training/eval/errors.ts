import { clipEmotions } from '../../src/core/calibration';
import { EMOTIONS } from '../../src/core/labels';
import { type Metrics, computeMetrics } from './metrics';

/** One held-out clip as an error analysis reads it: its truth, its fold, its 7 emotion probabilities, and what is known of it. */
export interface ScoredClip {
  emotion: number;
  /** The speaker group, as the crossval folds name them. */
  group: string;
  probs: number[];
  /** Factors to break the recall down by (speaker, gender, intensity, level, ...), each a label. */
  factors: Record<string, string>;
}

/** A clip's 7 emotion probabilities from its windows' 14, as the app reads them (T = 1). */
export const clipProbabilities = (windows: readonly (readonly number[])[]) =>
  clipEmotions(
    windows.map((w) => Float32Array.from(w)),
    1,
  );

const argmax = (values: readonly number[]) => values.indexOf(Math.max(...values));

/** The emotion chosen once `bias` is added to the log-probabilities (a bias of zeros: the top emotion). */
export function decide(probs: readonly number[], bias: readonly number[]): number {
  return argmax(probs.map((p, k) => Math.log(Math.max(p, 1e-12)) + bias[k]));
}

export function metricsOf(clips: readonly ScoredClip[], bias: readonly number[] = EMOTIONS.map(() => 0)): Metrics {
  return computeMetrics(
    clips.map((c) => c.emotion),
    clips.map((c) => decide(c.probs, bias)),
    EMOTIONS,
  );
}

/** Recall of each emotion among the clips of each level of a factor: rows by level, columns by emotion. */
export function recallBy(clips: readonly ScoredClip[], factor: string): { level: string; n: number; uar: number; recall: (number | null)[] }[] {
  const levels = [...new Set(clips.map((c) => c.factors[factor]))].sort();
  return levels.map((level) => {
    const mine = clips.filter((c) => c.factors[factor] === level);
    const m = metricsOf(mine);
    return { level, n: mine.length, uar: m.uar, recall: m.perClass.map((c) => (c.support ? c.recall : null)) };
  });
}

const BIAS_STEPS = Array.from({ length: 41 }, (_, i) => -2 + i * 0.1);

/**
 * The per-emotion log-bias that maximises UAR on `clips`: coordinate ascent over a grid from -2 to 2, the
 * neutral class held at 0 (only differences matter), three sweeps.
 */
export function fitDecisionBias(clips: readonly ScoredClip[]): number[] {
  const bias = EMOTIONS.map(() => 0);
  const held = EMOTIONS.indexOf('neutral');
  let best = metricsOf(clips, bias).uar;
  for (let sweep = 0; sweep < 3; sweep++) {
    for (let k = 0; k < bias.length; k++) {
      if (k === held) continue;
      for (const step of BIAS_STEPS) {
        const trial = bias.map((b, j) => (j === k ? step : b));
        const uar = metricsOf(clips, trial).uar;
        if (uar > best + 1e-9) {
          best = uar;
          bias[k] = step;
        }
      }
    }
  }
  return bias;
}

/**
 * Each fold's clips decided with a bias fitted on the other folds only (cross-fitted, so no clip's own
 * answer chooses its bias): the decisions, and each fold's bias.
 */
export function crossFittedDecisions(clips: readonly ScoredClip[], folds: readonly (readonly string[])[]): { predicted: number[]; biases: number[][] } {
  const predicted = new Array<number>(clips.length).fill(-1);
  const biases = folds.map((test) => {
    const inFold = new Set(test);
    const bias = fitDecisionBias(clips.filter((c) => !inFold.has(c.group)));
    clips.forEach((c, i) => {
      if (inFold.has(c.group)) predicted[i] = decide(c.probs, bias);
    });
    return bias;
  });
  if (predicted.includes(-1)) throw new Error('Some clips are in no fold');
  return { predicted, biases };
}

/** Labels of a number by the terciles of its values among `values` ("low", "mid", "high"), with the cut points. */
export function terciles(values: readonly number[]): { label: (v: number) => string; cuts: [number, number] } {
  const sorted = [...values].sort((a, b) => a - b);
  const cuts: [number, number] = [sorted[Math.floor(sorted.length / 3)], sorted[Math.floor((2 * sorted.length) / 3)]];
  return { label: (v) => (v < cuts[0] ? '1 low' : v < cuts[1] ? '2 mid' : '3 high'), cuts };
}
