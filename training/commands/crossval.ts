import { mkdir, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import path from 'node:path';
import { EMOTIONS, type Emotion } from '../../src/core/labels';
import { crossValidationFolds } from '../data/split';
import type { Evaluation } from '../eval/evaluate';
import { type Headline, type Metrics, computeMetrics, headline } from '../eval/metrics';
import { markdownTable, metricsMarkdown } from '../eval/report';
import { type HeldOutClip, heldOutClips, windowsFileOf, writeWindowsFile } from '../eval/crossval-windows';
import { featureCount, framesPerWindow } from '../../src/core/config';
import type * as tf from '@tensorflow/tfjs';
import { type Architecture, TRAINING_LENGTH } from '../model/architectures';
import { predictSamples } from '../model/calibrate';
import { averageModel, ensembleName } from '../model/ensemble';
import { readIfExists } from '../files';
import { describeShares } from '../data/share';
import type { TrainResult } from '../model/train';
import { formatByCorpus } from '../eval/report';
import { loadData, trainingWay } from '../pipeline/data';
import { epochsOf, fitMember } from '../pipeline/fit';
import type { TrainingOptions } from '../pipeline/options';
import { scoreOnTest } from '../pipeline/score';
import { type Prepared, prepareWindows } from '../pipeline/windows';

export interface CrossvalCommandOptions extends TrainingOptions {
  /** Trained one after the other on the same folds; two or more are also scored as an ensemble. */
  architectures: Architecture[];
  corpus: string;
  folds: number;
  /** Run only these folds (1-based); their results are kept in the runs folder for a later full run. */
  onlyFolds?: number[];
  /** The Markdown report; the JSON results go beside it. */
  out: string;
}

interface FoldResult {
  recipe: string;
  fold: number;
  test: string[];
  val: string[];
  bestEpoch: number;
  valByCorpus: Record<string, number>;
  /** Seconds of training, summed over its epochs (so a resumed run counts them too). */
  seconds: number;
  perCorpus: Record<string, Headline>;
  failed: Evaluation['failed'];
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const sd = (values: number[]) => {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
};
const spread = (values: number[]) => `${mean(values).toFixed(3)} ± ${sd(values).toFixed(3)}`;

/** The folded corpus's clips of every fold, scored together: each of its clips was tested exactly once. */
function pooled(tests: Evaluation[], corpus: string): Metrics {
  const predictions = tests.flatMap((t) => t.predictions.filter((p) => p.corpus === corpus));
  return computeMetrics(
    predictions.map((p) => EMOTIONS.indexOf(p.emotion as Emotion)),
    predictions.map((p) => EMOTIONS.indexOf(p.predicted as Emotion)),
    EMOTIONS,
  );
}

function foldResult(fold: number, recipe: string, result: TrainResult | undefined, test: Evaluation, tested: string[], val: string[]): FoldResult {
  return {
    recipe,
    fold,
    test: tested,
    val,
    bestEpoch: result?.bestEpoch ?? 0,
    valByCorpus: result?.history.find((h) => h.epoch === result.bestEpoch)?.valUarByCorpus ?? {},
    seconds: Math.round(result?.history.reduce((sum, h) => sum + h.seconds, 0) ?? 0),
    perCorpus: perCorpusHeadlines(test),
    failed: test.failed,
  };
}

/** A recipe's scores on one fold: the test evaluation and the folded corpus's window probabilities. */
interface Scored {
  test: Evaluation;
  heldOut: HeldOutClip[];
}

const scoresFileSchema = z.object({ key: z.string(), scored: z.custom<Scored>((v) => typeof v === 'object' && v !== null) });

/**
 * Scores a fold's recipe once: kept beside its models (`scores.json`) under a key naming the trained
 * members and the features, so that a later run with one more recipe scores only what is new.
 */
async function scoredOnce(dir: string, members: readonly TrainResult[], config: unknown, score: () => Promise<Scored>): Promise<Scored> {
  const key = JSON.stringify({ members: members.map((m) => [m.history.length, m.bestEpoch, m.bestValUar]), config });
  const file = path.join(dir, 'scores.json');
  const text = await readIfExists(file);
  const kept = text === null ? undefined : scoresFileSchema.safeParse(JSON.parse(text)).data;
  if (kept?.key === key) return kept.scored;
  const scored = await score();
  await mkdir(dir, { recursive: true });
  await writeFile(file, JSON.stringify({ key, scored }));
  return scored;
}

const perCorpusHeadlines = (e: Evaluation) => Object.fromEntries(Object.entries(e.perCorpus).map(([k, m]) => [k, headline(m)]));

/** One recipe's report: per-fold table, the pooled figures of the folded corpus, failures. */
function recipeReport(options: CrossvalCommandOptions, recipe: string, folds: FoldResult[], all: Metrics): string {
  const { corpus } = options;
  const corpora = [...new Set(folds.flatMap((f) => Object.keys(f.perCorpus)))].sort();
  const uar = (f: FoldResult, k: string) => f.perCorpus[k]?.uar;
  const rows = folds.map((f) => [
    f.fold,
    f.test.join(' '),
    f.val.join(' '),
    f.bestEpoch,
    formatByCorpus(f.valByCorpus),
    ...corpora.map((k) => uar(f, k)?.toFixed(3) ?? '–'),
  ]);
  const present = (k: string) => folds.map((f) => uar(f, k)).filter((v): v is number => v !== undefined);
  rows.push(['mean ± sd', '', '', '', '', ...corpora.map((k) => spread(present(k)))]);
  return [
    `## ${recipe}: test UAR per fold`,
    '',
    markdownTable(['fold', `test (${corpus})`, `validation (${corpus})`, 'best epoch', 'validation UAR', ...corpora.map((k) => `test ${k}`)], rows),
    '',
    `### ${recipe}: every ${corpus} clip, each tested once (${all.n} clips)`,
    '',
    ...metricsMarkdown(all),
    ...(folds.some((f) => f.seconds > 0) ? [`Training took ${folds.map((f) => `${f.seconds} s`).join(', ')} per fold.`, ''] : []),
    ...failures(folds),
  ].join('\n');
}

/** "at most 30 epochs (patience 6)", or a refit's "14 epochs", for each architecture, as this run trained it. */
function trainingLength(options: CrossvalCommandOptions): string {
  return options.architectures
    .map((a) =>
      options.refit
        ? `${a} ${epochsOf(a, options)} epochs`
        : `${a} at most ${epochsOf(a, options)} epochs (patience ${options.patience ?? TRAINING_LENGTH[a].patience})`,
    )
    .join(', ');
}

/** How a fold uses its validation share: to choose the epoch, or (a refit) as more training speakers. */
const validationUse = (options: CrossvalCommandOptions) =>
  options.refit
    ? "adds the next fold's share to training (a refit: a fixed number of epochs, the last kept) and trains on the rest"
    : "validates (chooses the epoch) on the next fold's share and trains on the rest";

/** The UAR of a guess, over the emotions the corpus has (nEMO has no disgust): "0.167 (6 emotions)". */
function chance(all: Metrics): string {
  const emotions = all.perClass.filter((c) => c.support > 0).length;
  return `${(1 / emotions).toFixed(3)} (${emotions} emotions)`;
}

/** How many augmented copies were band-limited like a telephone line, if any. */
const bandNote = (options: TrainingOptions) =>
  options.bandLimit ? ` (${Math.round(100 * options.bandLimit)}% of them band-limited like a telephone line)` : '';

/** What `--share` trained on, as a sentence for the report (empty without it). */
function shareNote({ share }: CrossvalCommandOptions): string {
  const shares = describeShares(share ?? {});
  return shares ? ` Trained with a share of the training clips (every speaker kept): ${shares}.` : '';
}

function report(options: CrossvalCommandOptions, recipes: { recipe: string; folds: FoldResult[]; all: Metrics }[]): string {
  const { corpus } = options;
  const corpora = [...new Set(recipes.flatMap((r) => r.folds.flatMap((f) => Object.keys(f.perCorpus))))].sort();
  const mean = (r: (typeof recipes)[number], k: string) => {
    const values = r.folds.map((f) => f.perCorpus[k]?.uar).filter((v): v is number => v !== undefined);
    return values.length ? spread(values) : '–';
  };
  const summary = recipes.map((r) => [
    r.recipe,
    r.all.uar.toFixed(3),
    `${(100 * r.all.accuracy).toFixed(1)}%`,
    r.all.macroF1.toFixed(3),
    ...corpora.map((k) => mean(r, k)),
  ]);
  return [
    `# ${recipes[0].folds.length}-fold cross-validation over ${corpus} speakers: ${recipes.map((r) => r.recipe).join(', ')}`,
    '',
    `Each fold tests on its share of the ${corpus} speakers, ${validationUse(options)};`,
    `the other corpora keep the committed split${options.refit ? ' (their validation groups in training)' : ''}.${shareNote(options)} ${options.copies} augmented copies${bandNote(options)}, seed ${options.seed},`,
    `${trainingLength(options)}, Adam ${options.lr}, batch ${options.batchSize}${options.loss === 'focal' ? ', focal loss (gamma 2)' : ''}. An ensemble`,
    'averages the probabilities of its members of the same fold. Scores: 7 emotions, clip level, through the',
    `app's clip function; chance on ${corpus} is ${chance(recipes[0].all)}.`,
    '',
    markdownTable(['recipe', `pooled ${corpus} UAR`, 'accuracy', 'macro-F1', ...corpora.map((k) => `${k} UAR, mean ± sd of folds`)], summary),
    '',
    ...recipes.map((r) => recipeReport(options, r.recipe, r.folds, r.all)),
  ].join('\n');
}

/** Test clips that could not be classified, by fold: they count in no figure above. */
function failures(folds: FoldResult[]): string[] {
  const lines = folds.flatMap((f) => f.failed.map((x) => `- fold ${f.fold}: ${x.path}: ${x.error}`));
  return lines.length ? [`## Test clips not classified (${lines.length})`, '', ...lines, ''] : [];
}

/**
 * Cross-validates recipes over one corpus's speakers, so that a score rests on every speaker rather than on
 * the few that the committed split holds out. Nothing is exported: it measures, it does not ship.
 */
export async function crossvalCommand(options: CrossvalCommandOptions): Promise<void> {
  const { dataset, plan } = await loadData(options);
  const plans = crossValidationFolds(plan, dataset.clips, options.corpus, options.folds);
  const unknown = (options.onlyFolds ?? []).filter((k) => k > plans.length);
  if (unknown.length) throw new Error(`There are ${plans.length} folds, not ${unknown.join(', ')}`);
  const ofCorpus = (groups: string[]) => groups.filter((g) => g.startsWith(`${options.corpus}:`));
  const results = new Map<string, { folds: FoldResult[]; tests: Evaluation[] }>();
  const record = (fold: FoldResult, test: Evaluation) => {
    const entry = results.get(fold.recipe) ?? { folds: [], tests: [] };
    entry.folds.push(fold);
    entry.tests.push(test);
    results.set(fold.recipe, entry);
  };
  // Each recipe's window probabilities for the folded corpus's clips, from the fold that held them out.
  const heldOut = new Map<string, HeldOutClip[]>();
  const score = async (recipe: string, model: tf.LayersModel, prepared: Prepared): Promise<Scored> => {
    const test = await scoreOnTest(model, recipe, prepared, options);
    const samples = await predictSamples(model, prepared.data.test, prepared.norm, framesPerWindow(options.config), featureCount(options.config));
    return { test, heldOut: heldOutClips(samples, dataset.clips, options.corpus) };
  };
  for (const [k, foldPlan] of plans.entries()) {
    if (options.onlyFolds && !options.onlyFolds.includes(k + 1)) continue;
    const [test, val] = [ofCorpus(foldPlan.test), ofCorpus(foldPlan.val)];
    console.log(`Fold ${k + 1}/${plans.length}: test ${test.join(' ')}, validation ${val.join(' ')}`);
    const foldDir = path.join(options.runs, 'crossval', options.corpus, `fold-${k + 1}`);
    const prepared = await prepareWindows(dataset, foldPlan, options);
    const keep = (recipe: string, result: TrainResult | undefined, scored: Scored) => {
      record(foldResult(k + 1, recipe, result, scored.test, test, val), scored.test);
      heldOut.set(recipe, [...(heldOut.get(recipe) ?? []), ...scored.heldOut]);
      console.log(
        `${recipe}: ${Object.entries(perCorpusHeadlines(scored.test))
          .map(([c, h]) => `${c} ${h.uar.toFixed(3)}`)
          .join(', ')}`,
      );
    };
    const trained: TrainResult[] = [];
    for (const architecture of options.architectures) {
      const runDir = path.join(foldDir, architecture);
      const result = await fitMember(architecture, prepared, options, runDir);
      trained.push(result);
      keep(architecture, result, await scoredOnce(runDir, [result], options.config, () => score(architecture, result.model, prepared)));
    }
    if (trained.length > 1) {
      const recipe = ensembleName(options.architectures);
      const scored = await scoredOnce(path.join(foldDir, recipe), trained, options.config, async () => {
        const ensemble = await averageModel(
          trained.map((t) => t.model),
          recipe,
        );
        return score(recipe, ensemble, prepared);
      });
      keep(recipe, undefined, scored);
    }
    for (const t of trained) t.model.dispose();
  }
  const recipes = [...results].map(([recipe, r]) => ({ recipe, folds: r.folds, all: pooled(r.tests, options.corpus) }));
  const text = report(options, recipes);
  await mkdir(path.dirname(options.out), { recursive: true });
  await writeFile(options.out, text);
  const json = options.out.replace(/\.md$/, '') + '.json';
  await writeFile(json, `${JSON.stringify({ options, training: trainingWay(options, dataset), recipes }, null, 1)}\n`);
  const windows = windowsFileOf(options.out);
  await writeWindowsFile(windows, options.corpus, heldOut);
  console.log(`\n${text}\nWritten to ${options.out}, ${json} and ${windows}`);
}
