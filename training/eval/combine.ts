import { clipEmotions } from '../../src/core/calibration';
import { EMOTIONS } from '../../src/core/labels';
import { parseJsonFile, readIfExists } from '../files';
import { crossvalFoldsSchema, heldOutOf } from './crossval-windows';
import { type Metrics, computeMetrics } from './metrics';

/** One recipe of a crossval JSON report, written `training/results/CROSSVAL.json#lstm+cnn`. */
export interface RecipeRef {
  report: string;
  recipe: string;
}

export function parseRecipeRef(value: string): RecipeRef {
  const at = value.lastIndexOf('#');
  if (at <= 0 || at === value.length - 1) throw new Error(`"${value}" is not REPORT.json#RECIPE`);
  return { report: value.slice(0, at), recipe: value.slice(at + 1) };
}

export interface Combined {
  corpus: string;
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
export async function combineCrossval(refs: readonly RecipeRef[]): Promise<Combined> {
  if (refs.length < 2) throw new Error('Combining needs two recipes or more');
  const reports = await Promise.all(
    refs.map(async ({ report, recipe }) => {
      const text = await readIfExists(report);
      if (text === null) throw new Error(`${report}: no such crossval report`);
      const parsed = parseJsonFile(report, text, crossvalFoldsSchema);
      const folds = parsed.recipes.find((r) => r.recipe === recipe)?.folds;
      if (!folds) throw new Error(`${report} has no recipe ${recipe} (it has ${parsed.recipes.map((r) => r.recipe).join(', ')})`);
      const clips = await heldOutOf(report, recipe);
      if (!clips.length) throw new Error(`${report}: no held-out windows of ${recipe}`);
      return { corpus: parsed.options.corpus, folds, clips: new Map(clips.map((c) => [c.path, c])) };
    }),
  );
  const foldKey = (folds: { fold: number; test: string[] }[]) => JSON.stringify(folds.map((f) => [f.fold, [...f.test].sort()]));
  const [first] = reports;
  const other = reports.findIndex((r) => r.corpus !== first.corpus || foldKey(r.folds) !== foldKey(first.folds));
  if (other > 0) throw new Error(`${refs[other].report} cross-validated other folds than ${refs[0].report}: their clips were not held out alike`);

  const paths = [...first.clips.keys()].filter((p) => reports.every((r) => r.clips.has(p)));
  const allPaths = new Set(reports.flatMap((r) => [...r.clips.keys()]));
  const probabilities = paths.map((p) =>
    reports.map((r) =>
      clipEmotions(
        r.clips.get(p)!.windows.map((w) => Float32Array.from(w)),
        1,
      ),
    ),
  );
  const truth = paths.map((p) => first.clips.get(p)!.emotion);
  const argmax = (p: number[]) => p.indexOf(Math.max(...p));
  const mean = (ps: number[][]) => ps[0].map((_, k) => ps.reduce((sum, p) => sum + p[k], 0) / ps.length);
  const predictions = probabilities.map((ps) => [...ps.map(argmax), argmax(mean(ps))]);
  const names = [...refs.map((r) => `${r.recipe} (${r.report})`), `mean of the ${refs.length}`];
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
    names,
    folds: first.folds.map(({ fold, test }) => ({ fold, test, metrics: metricsOf(paths.flatMap((_, i) => (test.includes(groupOf(i)) ? [i] : []))) })),
    pooled: metricsOf(paths.map((_, i) => i)),
    leftOut: allPaths.size - paths.length,
  };
}
