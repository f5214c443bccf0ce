import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EMOTIONS, type Emotion } from '../../src/core/labels';
import { crossValidationFolds } from '../data/split';
import type { Evaluation } from '../eval/evaluate';
import { type Headline, type Metrics, computeMetrics, headline } from '../eval/metrics';
import { confusionTable, markdownTable, perClassTable } from '../eval/report';
import type { Architecture } from '../model/architectures';
import { type TrainingOptions, type Trained, formatByCorpus, loadData, prepareWindows, trainAndTest } from './train';

export interface CrossvalCommandOptions extends TrainingOptions {
  architecture: Architecture;
  corpus: string;
  folds: number;
  /** The Markdown report; the JSON results go beside it. */
  out: string;
}

interface FoldResult {
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

function foldResult(fold: number, trained: Trained, test: string[], val: string[]): FoldResult {
  const { result } = trained;
  return {
    fold,
    test,
    val,
    bestEpoch: result.bestEpoch,
    valByCorpus: result.history.find((h) => h.epoch === result.bestEpoch)?.valUarByCorpus ?? {},
    seconds: Math.round(result.history.reduce((sum, h) => sum + h.seconds, 0)),
    perCorpus: Object.fromEntries(Object.entries(trained.test.perCorpus).map(([k, m]) => [k, headline(m)])),
    failed: trained.test.failed,
  };
}

function report(options: CrossvalCommandOptions, folds: FoldResult[], all: Metrics): string {
  const { corpus, architecture } = options;
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
    `# ${folds.length}-fold cross-validation over ${corpus} speakers: ${architecture}`,
    '',
    `Each fold tests on its share of the ${corpus} speakers, validates (chooses the epoch) on the next fold's share and`,
    `trains on the rest; the other corpora keep the committed split. Recipe: ${architecture}, ${options.copies} augmented`,
    `copies, seed ${options.seed}, at most ${options.epochs} epochs (patience ${options.patience}), Adam ${options.lr}, batch`,
    `${options.batchSize}. Scores: 7 emotions, clip level, through the app's clip function.`,
    '',
    `## Test UAR per fold`,
    '',
    markdownTable(['fold', `test (${corpus})`, `validation (${corpus})`, 'best epoch', 'validation UAR', ...corpora.map((k) => `test ${k}`)], rows),
    '',
    `## Every ${corpus} clip, each tested once (${all.n} clips)`,
    '',
    `Accuracy ${(100 * all.accuracy).toFixed(1)}%, UAR ${all.uar.toFixed(3)}, macro-F1 ${all.macroF1.toFixed(3)}.`,
    '',
    perClassTable(all),
    '',
    confusionTable(all),
    '',
    `Training took ${folds.map((f) => `${f.seconds} s`).join(', ')} per fold.`,
    '',
    ...failures(folds),
  ].join('\n');
}

/** Test clips that could not be classified, by fold: they count in no figure above. */
function failures(folds: FoldResult[]): string[] {
  const lines = folds.flatMap((f) => f.failed.map((x) => `- fold ${f.fold}: ${x.path}: ${x.error}`));
  return lines.length ? [`## Test clips not classified (${lines.length})`, '', ...lines, ''] : [];
}

/**
 * Cross-validates the recipe over one corpus's speakers, so that its score rests on every speaker rather
 * than on the few that the committed split holds out. Nothing is exported: it measures, it does not ship.
 */
export async function crossvalCommand(options: CrossvalCommandOptions): Promise<void> {
  const { dataset, plan } = await loadData(options);
  const plans = crossValidationFolds(plan, dataset.clips, options.corpus, options.folds);
  const ofCorpus = (groups: string[]) => groups.filter((g) => g.startsWith(`${options.corpus}:`));
  const folds: FoldResult[] = [];
  const tests: Evaluation[] = [];
  for (const [k, foldPlan] of plans.entries()) {
    const [test, val] = [ofCorpus(foldPlan.test), ofCorpus(foldPlan.val)];
    console.log(`Fold ${k + 1}/${plans.length}: test ${test.join(' ')}, validation ${val.join(' ')}`);
    const prepared = await prepareWindows(dataset, foldPlan, options);
    const runDir = path.join(options.runs, 'crossval', options.corpus, `fold-${k + 1}`, options.architecture);
    const trained = await trainAndTest(options.architecture, prepared, options, runDir);
    trained.result.model.dispose();
    folds.push(foldResult(k + 1, trained, test, val));
    tests.push(trained.test);
  }
  const all = pooled(tests, options.corpus);
  const text = report(options, folds, all);
  await mkdir(path.dirname(options.out), { recursive: true });
  await writeFile(options.out, text);
  const json = options.out.replace(/\.md$/, '') + '.json';
  await writeFile(json, `${JSON.stringify({ options, folds, pooled: all }, null, 1)}\n`);
  console.log(`\n${text}\nWritten to ${options.out} and ${json}`);
}
