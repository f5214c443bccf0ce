import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { featureCount, framesPerWindow } from '../../src/core/config';
import type { CalibrationSample } from '../../src/core/calibration';
import type { Headline } from '../../src/core/scores';
import { type SplitPlan, splitOf } from '../data/split';
import { type TrainingWay, crossvalOf, headlineOf, trainingDifferences } from '../eval/headline';
import { crossvalCalibration, crossvalSamples, windowsFileOf } from '../eval/crossval-windows';
import { confusionSvg } from '../eval/report';
import type { Architecture } from '../model/architectures';
import { UNSEEN_SPEAKERS, calibrate } from '../model/calibrate';
import { ensembleName } from '../model/ensemble';
import { loadData, trainingWay } from '../pipeline/data';
import { type Trained, ensembleOf, fitMember, trainAndTest } from '../pipeline/fit';
import type { TrainingOptions } from '../pipeline/options';
import { leftOutSamples, scoreOnTest } from '../pipeline/score';
import { prepareWindows } from '../pipeline/windows';
import { metadata, summary, trainingRecord } from '../report/metadata';
import { report } from '../report/model-report';
import { loadModel, saveModel } from '../tf/files';
import { trainMembersApart } from './members';
import { fitModelVoice } from './voice';

export interface TrainCommandOptions extends TrainingOptions {
  architectures: Architecture[];
  out: string;
  /** A `crossval` JSON report: its figure for the shipped recipe, if measured, goes into the model card. */
  crossvalReport: string;
}

/** One member of `train`'s ensemble, trained in a process of its own (see `trainMembersApart`). */
export async function trainMemberCommand(options: TrainingOptions & { architecture: Architecture }): Promise<void> {
  const { dataset, plan } = await loadData(options, false);
  const prepared = await prepareWindows(dataset, plan, options);
  (await fitMember(options.architecture, prepared, options, path.join(options.runs, options.architecture))).model.dispose();
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
