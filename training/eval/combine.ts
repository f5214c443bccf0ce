import { clipEmotions } from '../../src/core/calibration';
import { EMOTIONS } from '../../src/core/labels';
import { joinWindows } from './join';
import { parseJsonFile, readIfExists } from '../files';
import { type HeldOutClip, crossvalFoldsSchema, heldOutOf } from './crossval-windows';
import { type TrainingWay, trainingWaySchema } from './headline';
import { type Metrics, computeMetrics } from './metrics';

/** One recipe of a crossval JSON report, written `training/results/CROSSVAL.json#lstm+cnn`, with `*0.5` for a weight other than 1. */
export interface RecipeRef {
  report: string;
  recipe: string;
  weight: number;
}

export function parseRecipeRef(value: string): RecipeRef {
  const at = value.lastIndexOf('#');
  if (at <= 0 || at === value.length - 1) throw new Error(`"${value}" is not REPORT.json#RECIPE`);
  const [recipe, weight = '1', ...rest] = value.slice(at + 1).split('*');
  const w = Number(weight);
  if (!recipe || rest.length || !(w > 0) || !Number.isFinite(w))
    throw new Error(`"${value}" is not REPORT.json#RECIPE or REPORT.json#RECIPE*WEIGHT (a weight above 0)`);
  return { report: value.slice(0, at), recipe, weight: w };
}

/**
 * How recipes are joined: the weighted mean of their clips' emotion probabilities, or the app's weighted
 * product of each window's probabilities (`weightedProduct`), which needs the recipes' windows to be the same.
 */
export const COMBINE_RULES = ['mean', 'product'] as const;
export type CombineRule = (typeof COMBINE_RULES)[number];

export interface Combined {
  corpus: string;
  rule: CombineRule;
  /** The folds, and how each report trained its recipe (absent in reports older than it). */
  trainings: (TrainingWay | undefined)[];
  /** A product's held-out clips, window by window: a recipe of its own, for `train` to ship and calibrate. */
  heldOut?: HeldOutClip[];
  /** The recipes' names as given, then their mean's. */
  names: string[];
  /** Per fold, then pooled: each name's metrics on the clips every recipe scored. */
  folds: { fold: number; test: string[]; metrics: Metrics[] }[];
  pooled: Metrics[];
  /** Held-out clips that some recipe has no windows for (left out of every figure). */
  leftOut: number;
}

/**
 * Scores the mean of recipes that separate `crossval` runs measured on the same folds (say, on two front
 * ends, which no one model can hold): each held-out clip's emotion probabilities, from its windows (T = 1),
 * averaged over the recipes. Refuses reports whose folds differ.
 */
export async function combineCrossval(refs: readonly RecipeRef[], rule: CombineRule = 'mean'): Promise<Combined> {
  if (refs.length < 2) throw new Error('Combining needs two recipes or more');
  const reports = await Promise.all(
    refs.map(async ({ report, recipe }) => {
      const text = await readIfExists(report);
      if (text === null) throw new Error(`${report}: no such crossval report`);
      const parsed = parseJsonFile(report, text, crossvalFoldsSchema.extend({ training: trainingWaySchema.optional() }));
      const folds = parsed.recipes.find((r) => r.recipe === recipe)?.folds;
      if (!folds) throw new Error(`${report} has no recipe ${recipe} (it has ${parsed.recipes.map((r) => r.recipe).join(', ')})`);
      const clips = await heldOutOf(report, recipe);
      if (!clips.length) throw new Error(`${report}: no held-out windows of ${recipe}`);
      return { corpus: parsed.options.corpus, training: parsed.training, folds, clips: new Map(clips.map((c) => [c.path, c])) };
    }),
  );
  const foldKey = (folds: { fold: number; test: string[] }[]) => JSON.stringify(folds.map((f) => [f.fold, [...f.test].sort()]));
  const [first] = reports;
  const other = reports.findIndex((r) => r.corpus !== first.corpus || foldKey(r.folds) !== foldKey(first.folds));
  if (other > 0) throw new Error(`${refs[other].report} cross-validated other folds than ${refs[0].report}: their clips were not held out alike`);

  const paths = [...first.clips.keys()].filter((p) => reports.every((r) => r.clips.has(p)));
  const allPaths = new Set(reports.flatMap((r) => [...r.clips.keys()]));
  const windowsOf = (r: (typeof reports)[number], p: string) => r.clips.get(p)!.windows.map((w) => Float32Array.from(w));
  const probabilities = paths.map((p) => reports.map((r) => clipEmotions(windowsOf(r, p), 1)));
  const weights = refs.map((r) => r.weight);
  const total = weights.reduce((a, b) => a + b, 0);
  const mean = (ps: number[][]) => ps[0].map((_, k) => ps.reduce((sum, p, m) => sum + (weights[m] * p[k]) / total, 0));
  const joinedWindows = (p: string) =>
    joinWindows(
      reports.map((r) => windowsOf(r, p)),
      weights,
      p,
    );
  const heldOut: HeldOutClip[] | undefined =
    rule === 'product'
      ? paths.map((p) => ({ ...first.clips.get(p)!, windows: joinedWindows(p).map((w) => Array.from(w, (v) => Number(v.toPrecision(4)))) }))
      : undefined;
  const joined = paths.map((_, i) =>
    heldOut
      ? clipEmotions(
          heldOut[i].windows.map((w) => Float32Array.from(w)),
          1,
        )
      : mean(probabilities[i]),
  );
  const truth = paths.map((p) => first.clips.get(p)!.emotion);
  const argmax = (p: number[]) => p.indexOf(Math.max(...p));
  const predictions = probabilities.map((ps, i) => [...ps.map(argmax), argmax(joined[i])]);
  const weighted = weights.some((w) => w !== 1) ? ` (weights ${weights.join(', ')})` : '';
  const names = [...refs.map((r) => `${r.recipe} (${r.report})`), `${rule === 'product' ? 'product' : 'mean'} of the ${refs.length}${weighted}`];
  const metricsOf = (indices: number[]) =>
    names.map((_, n) =>
      computeMetrics(
        indices.map((i) => truth[i]),
        indices.map((i) => predictions[i][n]),
        EMOTIONS,
      ),
    );
  const groupOf = (i: number) => first.clips.get(paths[i])!.group;
  return {
    corpus: first.corpus,
    rule,
    trainings: reports.map((r) => r.training),
    heldOut,
    names,
    folds: first.folds.map(({ fold, test }) => ({ fold, test, metrics: metricsOf(paths.flatMap((_, i) => (test.includes(groupOf(i)) ? [i] : []))) })),
    pooled: metricsOf(paths.map((_, i) => i)),
    leftOut: allPaths.size - paths.length,
  };
}
