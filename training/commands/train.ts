import type * as tf from '@tensorflow/tfjs';
import { MODEL_LIMITS } from '../../src/core/model-limits';
import { execSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type FeatureConfig, featureCount, framesPerWindow } from '../../src/core/config';
import { CLASS_LABELS, classIndex } from '../../src/core/labels';
import type { Clip } from '../data/corpora';
import { type Dataset, scanDataset } from '../data/scan';
import type { CorpusShares } from '../data/share';
import { type SplitPlan, extendSplit, planSplit, splitOf, splitPlanSchema } from '../data/split';
import { parseJsonFile, readIfExists } from '../files';
import { type Evaluation, evaluateClips } from '../eval/evaluate';
import type { ClipInputs } from '../eval/classify-file';
import { MEYDA_VERSION } from '../../src/core/features';
import { loadSpeechDetector } from '../speech';
import { type Headline, readHeadline } from '../../src/core/scores';
import { type TrainingWay, crossvalOf, headlineOf, trainingDifferences } from '../eval/headline';
import { type CrossvalCalibration, crossvalCalibration, crossvalSamples, windowsFileOf } from '../eval/crossval-windows';
import type { CalibrationSample } from '../../src/core/calibration';
import { headline } from '../eval/metrics';
import { SUMMARY_HEADER, confusionSvg, evaluationMarkdown, markdownTable, summaryRows } from '../eval/report';
import { type BuiltData, type WindowSet, buildWindows } from '../features/dataset';
import { type Architecture, TRAINING_LENGTH } from '../model/architectures';
import { type FrontEnd, SHIPPED_RECIPE } from '../recipe';
import { type Calibration, UNSEEN_SPEAKERS, calibrate, predictFiles } from '../model/calibrate';
import { averageModel, ensembleName } from '../model/ensemble';
import type { EmotionModel, ModelMetadata, Normalization } from '../../src/core/model';
import { type TrainResult, clipPredictions, normalizationStats, predictSet, trainModel, validationScores } from '../model/train';
import { progressBar } from '../progress';
import { trainMembersApart } from './members';
import { loadModel, saveModel } from '../tf/files';
import { fitModelVoice } from './voice';

/** Options shared by training and cross-validation. */
export interface TrainingOptions {
  data: string;
  /** Override the architecture's own training length (`TRAINING_LENGTH`). */
  epochs?: number;
  patience?: number;
  batchSize: number;
  lr: number;
  copies: number;
  seed: number;
  jobs: number;
  limit?: number;
  /** Use only these corpora (say, to measure what one adds). */
  corpora?: string[];
  /** Train on only a share of these corpora's training clips (every speaker kept). */
  share?: CorpusShares;
  split: string;
  newSplit?: boolean;
  runs: string;
  cache: string;
  resume?: boolean;
  /**
   * Train on the validation speakers too, for the architecture's fixed number of epochs (`refitEpochs`),
   * keeping the last: more speakers, and no epoch chosen on a handful of them.
   */
  refit?: boolean;
  /** The front end's name (`FRONT_ENDS`) and its config. */
  frontEnd: FrontEnd;
  config: FeatureConfig;
  /** Train on one random crop of each clip variant per epoch (see `buildWindows`), not on all its windows. */
  crops?: boolean;
  /** The share of augmented copies that keep only a telephone-like band (`recipeFor`). */
  bandLimit?: number;
}

export interface TrainCommandOptions extends TrainingOptions {
  architectures: Architecture[];
  out: string;
  /** A `crossval` JSON report: its figure for the shipped recipe, if measured, goes into the model card. */
  crossvalReport: string;
}

/** Keeps every k-th clip of each corpus so that at most `limit` remain per corpus (smoke runs). */
function limitClips(clips: Clip[], limit: number): Clip[] {
  const byCorpus = new Map<string, Clip[]>();
  for (const c of clips) byCorpus.set(c.corpus, [...(byCorpus.get(c.corpus) ?? []), c]);
  return [...byCorpus.values()].flatMap((list) => {
    const step = Math.max(1, Math.floor(list.length / limit));
    return list.filter((_, i) => i % step === 0).slice(0, limit);
  });
}

/** The count table of the joined data: one row per gender_emotion class, one column per corpus. */
export function countTable(clips: readonly Clip[]): string {
  const corpora = [...new Set(clips.map((c) => c.corpus))].sort();
  const rows = CLASS_LABELS.map((label, k) => {
    const counts = corpora.map((corpus) => clips.filter((c) => c.corpus === corpus && c.gender && classIndex(c.gender, c.emotion) === k).length);
    return [label, ...counts, counts.reduce((a, b) => a + b, 0)];
  });
  const totals = corpora.map((corpus) => clips.filter((c) => c.corpus === corpus && c.gender).length);
  rows.push(['total', ...totals, totals.reduce((a, b) => a + b, 0)]);
  return markdownTable(['class', ...corpora, 'total'], rows);
}

async function loadOrPlanSplit(dataset: Dataset, options: TrainingOptions, splitFile: string): Promise<SplitPlan> {
  const saved = options.newSplit ? null : await readIfExists(splitFile);
  if (saved !== null) {
    const { plan, added } = extendSplit(parseJsonFile(splitFile, saved, splitPlanSchema), dataset.clips);
    if (added.length) {
      await writeSplit(plan, splitFile);
      console.error(`Split: ${splitFile} extended to the strata it did not know (${added.join(', ')}); its other groups stay where they were`);
    }
    console.error(`Split: ${splitFile} (${plan.test.length} test and ${plan.val.length} validation groups)`);
    return plan;
  }
  const plan = planSplit(dataset.clips, options.seed);
  await writeSplit(plan, splitFile);
  console.error(`Split: planned and written to ${splitFile}`);
  return plan;
}

async function writeSplit(plan: SplitPlan, splitFile: string): Promise<void> {
  const record = {
    seed: plan.seed,
    rule: 'whole groups (speakers; TESS words) per corpus and gender: ~20% test, ~10% validation, rest training; augmented copies only in training',
    test: plan.test,
    val: plan.val,
  };
  await mkdir(path.dirname(splitFile), { recursive: true });
  await writeFile(splitFile, `${JSON.stringify(record, null, 2)}\n`);
}

function calibrationSource({ source, fittedOn, leftOutClips }: Calibration): string {
  const trainedCorpora =
    source === 'crossval'
      ? `the ${fittedOn} clips of cross-validation's held-out speakers (each predicted by a fold model that never heard its speaker; the test split's speakers left out)`
      : `the ${fittedOn} validation clips of held-out speakers`;
  return leftOutClips
    ? `${trainedCorpora} and, weighing as much, the model's ${leftOutClips} clips of the corpora left out of training (their test speakers left out)`
    : trainedCorpora;
}

function codeVersion(): string {
  try {
    return execSync('git describe --always --dirty', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

export interface Trained {
  /** An architecture, or an ensemble's members joined by '+'. */
  architecture: string;
  result: TrainResult;
  /** An ensemble's trained members. */
  members?: Trained[];
  seconds: number;
  test: Evaluation;
}

/** The data, its split, the windows of each split and the normalisation statistics of training. */
export interface Prepared {
  dataset: Dataset;
  plan: SplitPlan;
  data: BuiltData;
  norm: Normalization;
  featureSeconds: number;
  /** The test clips' decoded inputs, read once for every model scored on them. */
  inputs: ClipInputs;
}

/** How this run trains: what a crossval report records, and what `train` checks a report against. */
export function trainingWay(options: TrainingOptions, trainedOn: Dataset): TrainingWay {
  return {
    refit: Boolean(options.refit),
    corpora: [...new Set(trainedOn.clips.map((c) => c.corpus))].sort(),
    share: { ...options.share },
    frontEnd: options.frontEnd,
    crops: Boolean(options.crops),
    bandLimit: options.bandLimit ?? 0,
  };
}

/** Scans the data, prints its count table (unless `report` is off: a member trained in its own process), and loads the committed split (or plans and writes one). */
export async function loadData(options: TrainingOptions, report = true): Promise<{ dataset: Dataset; plan: SplitPlan; leftOut: Clip[] }> {
  const dataset = await scanDataset(options.data);
  if (options.limit) dataset.clips = limitClips(dataset.clips, options.limit);
  if (dataset.clips.length === 0) throw new Error(`${options.data}: no labelled clips found`);
  if (report) {
    console.log(`Clips per class and corpus (${dataset.clips.length} clips; ${dataset.skipped.length} files skipped):\n`);
    console.log(`${countTable(dataset.clips)}\n`);
  }
  const splitFile = options.limit ? path.join(options.runs, 'split.json') : options.split;
  // The split knows every corpus found, trained on or not, so that its held-out speakers never move.
  const plan = await loadOrPlanSplit(dataset, options, splitFile);
  const chosen = chooseCorpora(dataset.clips, options.corpora, report);
  const trainedOn = (c: Clip) => chosen.has(c.corpus);
  return { dataset: { ...dataset, clips: dataset.clips.filter(trainedOn) }, plan, leftOut: dataset.clips.filter((c) => !trainedOn(c)) };
}

/** The corpora asked for (`--corpora`), or every corpus found but those the shipped recipe leaves out; says which are left out. */
function chooseCorpora(clips: Clip[], corpora: string[] | undefined, report: boolean): Set<string> {
  const found = [...new Set(clips.map((c) => c.corpus))].sort();
  const missing = (corpora ?? []).filter((k) => !found.includes(k));
  if (missing.length) throw new Error(`No clips of ${missing.join(', ')} (found: ${found.join(', ')})`);
  const chosen = corpora ?? found.filter((k) => !SHIPPED_RECIPE.excludedCorpora.includes(k));
  const left = found.filter((k) => !chosen.includes(k));
  if (report && left.length)
    console.log(`Trained on ${chosen.join(', ')}; left out: ${left.join(', ')}${corpora ? '' : ' (the shipped recipe; --corpora to choose)'}\n`);
  return new Set(chosen);
}

/** Where a clip's random crops may start: every quarter second of its speech. */
const CROP_HOP_SECONDS = 0.25;

/** The windows of each split (features from the cache where it has them) and training's statistics. */
export async function prepareWindows(dataset: Dataset, plan: SplitPlan, options: TrainingOptions): Promise<Prepared> {
  const started = performance.now();
  const { config } = options;
  const bar = progressBar('features');
  // A refit trains on the validation groups, augmented like the rest of training.
  const data = await buildWindows(dataset, options.refit ? { ...plan, val: [] } : plan, {
    config,
    seed: options.seed,
    copies: options.copies,
    bandLimit: options.bandLimit,
    share: options.share,
    cropHopSeconds: options.crops ? CROP_HOP_SECONDS : undefined,
    cacheDir: path.join(options.cache, `v${config.version}`),
    jobs: options.jobs,
    onProgress: (done, total) => bar.update(done, total),
  });
  bar.stop();
  const featureSeconds = (performance.now() - started) / 1000;
  for (const f of data.failures) console.error(`skipped ${f.path}: ${f.error}`);
  console.log(
    `Windows: train ${data.train.windows.length} (${data.train.augmented.filter(Boolean).length} augmented), ` +
      `val ${data.val.windows.length}, test ${data.test.windows.length}; features in ${featureSeconds.toFixed(0)} s`,
  );
  if (data.train.windows.length === 0 || (!options.refit && data.val.windows.length === 0)) {
    throw new Error('Training needs windows in both the training and validation splits');
  }
  return { dataset, plan, data, norm: normalizationStats(data.train.windows, featureCount(config)), featureSeconds, inputs: new Map() };
}

/**
 * Trains one architecture (checkpoints in `runDir`), keeps its best validation epoch, and scores that on
 * the plan's test clips through the app's own clip function.
 */
export async function trainAndTest(architecture: Architecture, prepared: Prepared, options: TrainingOptions, runDir: string): Promise<Trained> {
  const result = await fitMember(architecture, prepared, options, runDir);
  // The epochs' own times, so that a resumed run reports the whole training, not its own minutes.
  const seconds = result.history.reduce((sum, h) => sum + h.seconds, 0);
  const test = await scoreOnTest(result.model, architecture, prepared, options);
  console.log(`\n${architecture}: ${epochChoice(result)}; test:\n`);
  console.log(`${markdownTable(SUMMARY_HEADER, summaryRows(test))}\n`);
  return { architecture, result, seconds, test };
}

/** "best epoch 12, val UAR 0.810", or "14 epochs, the last kept" for a refit. */
function epochChoice(result: TrainResult): string {
  return result.bestValUar === undefined
    ? `${result.bestEpoch} epoch${result.bestEpoch === 1 ? '' : 's'}, the last kept`
    : `best epoch ${result.bestEpoch}, val UAR ${result.bestValUar.toFixed(3)}`;
}

/** How many epochs an architecture trains (at most, unless a refit): `--epochs`, or its own length. */
export function epochsOf(architecture: Architecture, options: TrainingOptions): number {
  return options.epochs ?? TRAINING_LENGTH[architecture][options.refit ? 'refitEpochs' : 'epochs'];
}

/** Trains one architecture to its best validation epoch, or a refit to its fixed length (checkpoints in `runDir`). */
export async function fitMember(architecture: Architecture, prepared: Prepared, options: TrainingOptions, runDir: string): Promise<TrainResult> {
  const { data, norm } = prepared;
  const epochBar = progressBar(`${architecture} epoch`);
  return trainModel(data.train, data.val, norm, {
    architecture,
    config: options.config,
    frames: framesPerWindow(options.config),
    features: featureCount(options.config),
    epochs: epochsOf(architecture, options),
    patience: options.patience ?? TRAINING_LENGTH[architecture].patience,
    batchSize: options.batchSize,
    learningRate: options.lr,
    seed: options.seed,
    crops: Boolean(options.crops),
    runDir,
    resume: Boolean(options.resume),
    onBatch: (batch, batches, loss) => epochBar.update(batch, batches, `loss ${loss.toFixed(3)}`),
    onEpoch: (log) => {
      epochBar.stop();
      const val =
        log.valUar === undefined
          ? ''
          : `, val UAR ${log.valUar.toFixed(3)} (${formatByCorpus(log.valUarByCorpus ?? {})}), val acc ${log.valAccuracy?.toFixed(3)}`;
      console.log(`${architecture} epoch ${log.epoch}: loss ${log.loss.toFixed(3)}${val} (${log.seconds.toFixed(0)} s)`);
    },
  });
}

/** One member of `train`'s ensemble, trained in a process of its own (see `trainMembersApart`). */
export async function trainMemberCommand(options: TrainingOptions & { architecture: Architecture }): Promise<void> {
  const { dataset, plan } = await loadData(options, false);
  const prepared = await prepareWindows(dataset, plan, options);
  (await fitMember(options.architecture, prepared, options, path.join(options.runs, options.architecture))).model.dispose();
}

/** Scores a model trained on `prepared` on the plan's test clips, through the app's own clip function. */
export async function scoreOnTest(
  model: tf.LayersModel,
  name: string,
  prepared: Prepared,
  options: TrainingOptions,
  temperature = 1,
  clips: readonly Clip[] = prepared.dataset.clips,
): Promise<Evaluation> {
  const { dataset, plan } = prepared;
  const testClips = clips.filter((c) => c.gender && splitOf(c, plan) === 'test');
  const testBar = progressBar(`${name} test`);
  const test = await evaluateClips(
    asAppModel(model, name, prepared, options, temperature),
    dataset.root,
    testClips,
    await loadSpeechDetector(),
    (d, t) => testBar.update(d, t),
    prepared.inputs,
  );
  testBar.stop();
  return test;
}

/** A trained model with the metadata the app would read, at a temperature. */
function asAppModel(model: tf.LayersModel, name: string, prepared: Prepared, options: TrainingOptions, temperature: number): EmotionModel {
  return { model, meta: { ...metadata(name, options, prepared, {}, {}), calibration: { temperature, uncertainBelow: 0 } } };
}

/** The model's answers on the corpora left out of training, their test speakers left out: voices from other rooms and languages to calibrate on. */
async function leftOutSamples(
  model: tf.LayersModel,
  name: string,
  prepared: Prepared,
  options: TrainingOptions,
  leftOut: readonly Clip[],
): Promise<CalibrationSample[]> {
  const clips = leftOut.filter((c) => splitOf(c, prepared.plan) !== 'test');
  if (clips.length === 0) return [];
  const bar = progressBar(`${name} on corpora left out, for calibration`);
  const samples = await predictFiles(asAppModel(model, name, prepared, options, 1), prepared.dataset.root, clips, await loadSpeechDetector(), (d, t) =>
    bar.update(d, t),
  );
  bar.stop();
  return samples;
}

/**
 * The recipe's cross-validated figure (for the card) and held-out clips (for its calibration, the test
 * split's speakers left out), checked before any training: the crossval report must have trained the
 * recipe the same way, and a refit, whose validation speakers train, has no other held-out clips.
 */
async function crossvalOfRecipe(
  options: TrainCommandOptions,
  plan: SplitPlan,
  way: TrainingWay,
): Promise<{ figure?: Headline['crossval']; heldOut: CalibrationSample[] }> {
  const recipe = ensembleName(options.architectures);
  const measured = await crossvalOf(options.crossvalReport, recipe);
  const differences = measured ? trainingDifferences(measured.training, way) : [];
  if (differences.length) {
    throw new Error(
      `${options.crossvalReport} cross-validated ${recipe} trained another way than this run (${differences.join('; ')}): its figure and calibration would not be this model's`,
    );
  }
  const heldOut = await crossvalSamples(options.crossvalReport, recipe, new Set(plan.test));
  if (way.refit && heldOut.length === 0) {
    throw new Error(
      `A refit trains on its validation speakers, so it is calibrated on cross-validation's held-out ones, and ${windowsFileOf(options.crossvalReport)} ` +
        `has none of ${recipe}: run \`npm run crossval -- --arch ${options.architectures.join(',')}\` first, or train with --no-refit`,
    );
  }
  return { figure: measured?.figure, heldOut };
}

export async function trainCommand(options: TrainCommandOptions): Promise<void> {
  const started = performance.now();
  const { dataset, plan, leftOut } = await loadData(options);
  const crossval = await crossvalOfRecipe(options, plan, trainingWay(options, dataset));
  const prepared = await prepareWindows(dataset, plan, options);
  // Two or more members train side by side (the features are cached by now), then are resumed here.
  const apart = options.architectures.length > 1 && options.jobs > 1;
  if (apart) await trainMembersApart(options.architectures, options);
  const trained: Trained[] = [];
  for (const architecture of options.architectures) {
    trained.push(await trainAndTest(architecture, prepared, { ...options, resume: options.resume || apart }, path.join(options.runs, architecture)));
  }
  if (trained.length > 1) trained.push(await ensembleOf([...trained], prepared, options));

  // The recipe asked for ships (one architecture, or the ensemble of several): recipes are compared by
  // cross-validation, not on one split. Each member's figures are reported beside it.
  const best = trained.at(-1)!;
  const bySpeaker = new Set(dataset.clips.filter((c) => c.speaker && c.group === c.speaker).map((c) => c.corpus));
  const strangers = await leftOutSamples(best.result.model, best.architecture, prepared, options, leftOut);
  const calibration = await calibrate(
    best.result.model,
    prepared.data,
    bySpeaker,
    prepared.norm,
    framesPerWindow(options.config),
    featureCount(options.config),
    { crossval: crossval.heldOut, leftOut: strangers },
  );
  const crossvalEce = await crossvalCalibration(options.crossvalReport, best.architecture, strangers);
  console.log(
    `Calibration: temperature ${calibration.temperature.toFixed(2)}; test ECE ${calibration.testEce.before.all.toFixed(3)} before, ` +
      `${calibration.testEce.after.all.toFixed(3)} after (unseen speakers ${calibration.testEce.before[UNSEEN_SPEAKERS]?.toFixed(3)} before, ` +
      `${calibration.testEce.after[UNSEEN_SPEAKERS]?.toFixed(3)} after); uncertain below ${calibration.uncertainBelow.toFixed(2)}`,
  );
  // Scored again as shipped, calibrated: the card's figures are what the app will answer.
  const winner = { ...best, test: await scoreOnTest(best.result.model, best.architecture, prepared, options, calibration.temperature) };
  const comparison = Object.fromEntries(
    trained.map((t) => [
      t.architecture,
      {
        valUar: t.result.bestValUar,
        bestEpoch: t.result.bestEpoch,
        trainSeconds: Math.round(t.seconds),
        epochSeconds: t.result.history.map((h) => Math.round(h.seconds)),
        test: summary(t.test),
      },
    ]),
  );
  // The corpora found but not trained on (another language, other rooms): how far the model carries.
  const untrained = leftOut.length
    ? await scoreOnTest(best.result.model, `${best.architecture} (corpora left out)`, prepared, options, calibration.temperature, leftOut)
    : undefined;
  // The run's own wall clock (features, members side by side, scoring): a resumed run counts only itself.
  const wall = { wallSeconds: Math.round((performance.now() - started) / 1000), resumed: Boolean(options.resume) };
  const meta = metadata(
    winner.architecture,
    options,
    prepared,
    { ...trainingRecord(winner, options, prepared), ...wall },
    {
      headline: headlineOf(winner.test, dataset.clips, crossval.figure, untrained),
      calibration,
      test: summary(winner.test),
      comparison,
    },
  );
  meta.calibration = { temperature: calibration.temperature, uncertainBelow: calibration.uncertainBelow };
  await mkdir(options.out, { recursive: true });
  const weightBytes = await saveModel(winner.result.model, options.out);
  // Loaded back as the app loads it, so that an export the app cannot read fails here, not in the browser.
  (await loadModel(options.out)).dispose();
  await writeFile(path.join(options.out, 'metadata.json'), `${JSON.stringify(meta, null, 1)}\n`);
  await writeFile(path.join(options.out, 'confusion.svg'), confusionSvg(winner.test.emotions, `${winner.architecture}: test split, 7 emotions`));
  await writeFile(
    path.join(options.out, 'REPORT.md'),
    report(trained, winner, meta, dataset, weightBytes, prepared.featureSeconds, calibration, crossvalEce, untrained?.ece),
  );
  console.log(`Exported ${winner.architecture} to ${options.out} (${weightBytes} bytes of weights) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  // What voice profiles read: a head on the training speakers' window statistics (all but the test split's).
  const trainingClips = dataset.clips.filter((c) => c.gender && splitOf(c, plan) !== 'test');
  await fitModelVoice(options.out, dataset, trainingClips, { cacheDir: options.cache, crossval: { report: options.crossvalReport, split: plan } });
}

/** The mean of the trained models, scored on validation (to compete with its members) and on test. */
async function ensembleOf(members: Trained[], prepared: Prepared, options: TrainingOptions): Promise<Trained> {
  const name = ensembleName(members.map((m) => m.architecture));
  const model = await averageModel(
    members.map((m) => m.result.model),
    name,
  );
  const { val } = prepared.data;
  let bestValUar: number | undefined;
  if (val.windows.length) {
    const scores = validationScores(
      clipPredictions(val, await predictSet(model, val, prepared.norm, framesPerWindow(options.config), featureCount(options.config))),
    );
    console.log(`${name}: val UAR ${scores.uar.toFixed(3)} (${formatByCorpus(scores.byCorpus)})`);
    bestValUar = scores.uar;
  }
  const result: TrainResult = { model, history: [], bestEpoch: 0, bestValUar };
  const test = await scoreOnTest(model, name, prepared, options);
  return { architecture: name, result, members, seconds: members.reduce((sum, m) => sum + m.seconds, 0), test };
}

function summary(e: Evaluation) {
  return {
    ...headline(e.emotions),
    classAccuracy: e.classAccuracy,
    genderAccuracy: e.genderAccuracy,
    failed: e.failed.length,
    perCorpus: Object.fromEntries(Object.entries(e.perCorpus).map(([k, m]) => [k, headline(m)])),
    confusion: e.emotions.confusion,
  };
}

function metadata(
  name: string,
  options: TrainingOptions,
  { norm }: Prepared,
  training: Record<string, unknown>,
  metrics: Record<string, unknown>,
): ModelMetadata {
  return {
    format: 'emotion-lens-model/1',
    architecture: name,
    labels: [...CLASS_LABELS],
    featureConfig: options.config,
    featureLibrary: { meyda: MEYDA_VERSION },
    normalization: norm,
    trainedAt: new Date().toISOString(),
    codeVersion: codeVersion(),
    training,
    metrics,
  };
}

/** How a model was trained: its data, split and epochs (an ensemble's per member), for the metadata and the report. */
function trainingRecord({ result, members }: Trained, options: TrainingOptions, { plan, data, featureSeconds }: Prepared): Record<string, unknown> {
  // Counted from the epochs' own times, so that a resumed run reports the whole training.
  const epochSeconds = (members ?? [{ result }]).flatMap((m) => m.result.history.map((h) => h.seconds));
  const seconds = featureSeconds + epochSeconds.reduce((a, b) => a + b, 0);
  const countBySplit = (set: WindowSet) =>
    Object.fromEntries(CLASS_LABELS.map((label, k) => [label, set.labels.filter((l, i) => l === k && !set.augmented[i]).length]));
  const epochs = (r: TrainResult) => ({ epochsRun: r.history.length, bestEpoch: r.bestEpoch, bestValUar: r.bestValUar, history: r.history });
  return {
    seed: options.seed,
    ...(members ? { bestValUar: result.bestValUar, members: Object.fromEntries(members.map((m) => [m.architecture, epochs(m.result)])) } : epochs(result)),
    seconds: Math.round(seconds),
    refit: Boolean(options.refit),
    augmentedCopies: options.copies,
    bandLimitedShare: options.bandLimit ?? 0,
    windows: { train: data.train.windows.length, val: data.val.windows.length, test: data.test.windows.length },
    originalWindowsPerClass: { train: countBySplit(data.train), val: countBySplit(data.val), test: countBySplit(data.test) },
    split: { test: plan.test, val: plan.val },
  };
}

/** `ravdess 0.618, tess 0.996`: a score per corpus, as the epoch log and the report print it. */
export function formatByCorpus(scores: Record<string, number>): string {
  return Object.entries(scores)
    .map(([corpus, uar]) => `${corpus} ${uar.toFixed(3)}`)
    .join(', ');
}

/** The report's first lines: the figure on unseen speakers beside chance, then the cross-validated one. */
function headlineMarkdown(h: Headline): string {
  const u = h.unseenSpeakers;
  const lines = [
    `**On speakers it never heard** (${u.n} test clips of ${u.corpora.join(', ')} speakers that are in no training or validation`,
    `split): 7-emotion UAR **${u.uar.toFixed(3)}**, accuracy ${(100 * u.accuracy).toFixed(1)}%, macro-F1 ${u.macroF1.toFixed(3)}; chance is ${h.chanceUar.toFixed(3)}.`,
  ];
  if (h.crossval) {
    lines.push(
      `Cross-validated over all ${h.crossval.corpus} speakers (${h.crossval.folds} folds, ${h.crossval.n} clips, each tested once by a model`,
      `that never heard its speaker): UAR **${h.crossval.uar.toFixed(3)}**, accuracy ${(100 * h.crossval.accuracy).toFixed(1)}%.`,
    );
  }
  for (const [corpus, m] of Object.entries(h.untrainedCorpora ?? {})) {
    lines.push(
      `On ${corpus}${m.language ? ` (${m.language})` : ''}, a corpus left out of training (${m.n} test clips): UAR ${m.uar.toFixed(3)}, accuracy`,
      `${(100 * m.accuracy).toFixed(1)}%; chance is ${m.chanceUar.toFixed(3)} (${Math.round(1 / m.chanceUar)} emotions).`,
    );
  }
  return lines.join('\n');
}

const REFIT_NOTE =
  'each member trained on the training and validation speakers together for its fixed number of epochs (the median best epoch of its cross-validation folds), its last epoch kept.';
const EARLY_STOP_NOTE = "each member's epoch was chosen by its validation UAR (the mean of each validation corpus's UAR).";

function report(
  trained: Trained[],
  winner: Trained,
  meta: ModelMetadata,
  dataset: Dataset,
  weightBytes: number,
  featureSeconds: number,
  calibration: Calibration,
  crossvalEce: CrossvalCalibration | undefined,
  untrainedEce: Evaluation['ece'] | undefined,
): string {
  // A refit has no validation speakers left to score: its table has no validation column.
  const validated = trained.some((t) => t.result.bestValUar !== undefined);
  const rows = trained.flatMap((t) => summaryRows(t.test).map((r) => [t.architecture, ...(validated ? [t.result.bestValUar?.toFixed(3) ?? '–'] : []), ...r]));
  return [
    `# Model report: ${winner.architecture}`,
    '',
    headlineMarkdown(readHeadline(meta.metrics)!),
    '',
    `Trained ${meta.trainedAt} from code ${meta.codeVersion}. Shipped: **${winner.architecture}**, the recipe chosen by`,
    `cross-validation (\`npm run crossval\`, [training/results/CROSSVAL.md](../../training/results/CROSSVAL.md)); ${meta.training.refit ? REFIT_NOTE : EARLY_STOP_NOTE}`,
    `The test split chose nothing. Weights: ${weightBytes} bytes (float32).`,
    '',
    'Each epoch visits every training window once, in a seeded order, with class weights (a rare class counts more).',
    '',
    '## Data',
    '',
    `${dataset.clips.length} clips of acted speech (${[...new Set(dataset.clips.map((c) => c.corpus))].sort().join(', ')}); speaker-independent split (no speaker, and no TESS word, in two`,
    'splits; augmented copies only in training). Clips per class and corpus:',
    '',
    countTable(dataset.clips),
    '',
    `Test groups: ${meta.training.split && (meta.training.split as { test: string[] }).test.join(', ')}.`,
    '',
    "## Comparison on the test split (7 emotions, clip level, through the app's clip function)",
    '',
    markdownTable(['model', ...(validated ? ['val UAR'] : []), ...SUMMARY_HEADER], rows),
    '',
    ...trained.map((t) => {
      const val = t.result.bestValUar === undefined ? '' : ` (validation UAR ${t.result.bestValUar.toFixed(3)})`;
      if (t.result.bestEpoch === 0) return `- ${t.architecture}: the mean of its members' probabilities${val}.`;
      const best = t.result.history.find((h) => h.epoch === t.result.bestEpoch);
      const epochs = t.result.history.length;
      const kept = best?.valUarByCorpus
        ? `best ${t.result.bestEpoch}: validation UAR ${formatByCorpus(best.valUarByCorpus)}`
        : 'the last kept, validation speakers in training';
      return `- ${t.architecture}: ${epochs} epochs (${kept}), ${Math.round(t.seconds)} s of training, ${Math.round(t.seconds / Math.max(1, epochs))} s per epoch.`;
    }),
    `- Feature extraction (with augmentation, or read from the cache): ${Math.round(featureSeconds)} s.`,
    `- The whole run, features to export, members side by side: ${meta.training.wallSeconds} s by the wall clock${meta.training.resumed ? ' (resumed from checkpoints: this run alone)' : ''}.`,
    '',
    '## Calibration',
    '',
    `Temperature ${calibration.temperature.toFixed(3)}, fitted on ${calibrationSource(calibration)} (clip-level emotion`,
    'probabilities, least negative log-likelihood) and applied to every window by the app, `evaluate` and `classify`. Expected',
    'calibration error of the test clips (15 bins, top-1 emotion; 0 = the stated confidence is the accuracy), the',
    "unseen speakers' being those of the corpora split by speaker that are in no training or validation split:",
    '',
    markdownTable(
      ['', ...Object.keys(calibration.testEce.before)],
      [
        ['before (T = 1)', ...Object.values(calibration.testEce.before).map((v) => v.toFixed(3))],
        [`after (T = ${calibration.temperature.toFixed(2)})`, ...Object.values(calibration.testEce.after).map((v) => v.toFixed(3))],
      ],
    ),
    '',
    ...(crossvalEce
      ? [
          `Cross-validated over all ${crossvalEce.n} clips of the folded corpus (each predicted by a fold model that never heard its speaker,`,
          `at a temperature fitted on the other folds${calibration.leftOutClips ? ' and the corpora left out' : ''}): ECE ${crossvalEce.before.toFixed(3)} at T = 1, ${crossvalEce.after.toFixed(3)} after. The test split's`,
          'figures above rest on a few hundred clips, where ECE is mostly sampling noise.',
          '',
        ]
      : []),
    ...(untrainedEce
      ? [
          `On the test speakers of the corpora left out of training, after: ECE ${Object.entries(untrainedEce)
            .filter(([k]) => k !== 'all')
            .map(([k, v]) => `${k} ${v.toFixed(3)}`)
            .join(', ')}.`,
          '',
        ]
      : []),
    `Under ${calibration.uncertainBelow.toFixed(2)} confidence the app answers "uncertain" between the two likeliest emotions: the lowest`,
    `threshold at which the answers on the trained corpora's held-out clips were right at least 2 times in 3. On the ${calibration.testAnswered.n} test clips of`,
    `speakers held out of training it names an emotion for ${(100 * calibration.testAnswered.share).toFixed(0)}% of them, right ${(100 * calibration.testAnswered.accuracy).toFixed(0)}% of the time.`,
    '',
    `## ${winner.architecture} on the test split`,
    '',
    '![confusion matrix](confusion.svg)',
    '',
    evaluationMarkdown(winner.test),
    '',
    '## Limits',
    '',
    ...MODEL_LIMITS.map((limit) => `- ${limit}`),
    '',
  ].join('\n');
}
