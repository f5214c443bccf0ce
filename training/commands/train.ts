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
import { UNSEEN_SPEAKERS, calibrate, predictSamples } from '../model/calibrate';
import { ensembleName, productName } from '../model/ensemble';
import { loadData, trainingWay } from '../pipeline/data';
import { type Trained, ensembleOf, fitMember, trainAndTest } from '../pipeline/fit';
import type { TrainingOptions } from '../pipeline/options';
import { leftOutSamples, scoreOnTest } from '../pipeline/score';
import { type Prepared, prepareWindows } from '../pipeline/windows';
import { metadata, summary, trainingRecord } from '../report/metadata';
import { report } from '../report/model-report';
import { saveModel } from '../tf/files';
import { disposeModel, loadEmotionModel } from '../tf/load';
import { frameSteps } from '../../src/core/encoder/frames';
import { type EncoderMemberChoice, encodeClips, fitEncoderMember, memberOf, memberRecord, memberSamples } from '../encoder/member';
import { joinSamples } from '../eval/join';
import { trainMembersApart } from './members';
import { fitModelVoice } from './voice';

export interface TrainCommandOptions extends TrainingOptions {
  architectures: Architecture[];
  /** A member on the speech encoder's frames, joined to the ensemble by a weighted product. */
  encoderMember?: EncoderMemberChoice;
  /** Fit the temperature on the corpora left out of training too, weighing as much as the trained corpora's held-out speakers. */
  calibrateLeftOut?: boolean;
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
  const recipe = recipeName(options);
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
        `has none of ${recipe}: run \`npm run crossval -- --arch ${options.architectures.join(',')}\` first${
          options.encoderMember ? ' (and `npm run crossval:encoder`, then `npm run crossval:combine -- --rule product --out ...`)' : ''
        }, or train with --no-refit`,
    );
  }
  return { figure: measured?.figure, heldOut };
}

/** What ships: the ensemble of the architectures, times the encoder member when there is one. */
const recipeName = ({ architectures, encoderMember }: TrainCommandOptions) =>
  productName([
    { recipe: ensembleName(architectures), weight: 1 },
    ...(encoderMember ? [{ recipe: encoderMember.architecture, weight: encoderMember.weight }] : []),
  ]);

/** The encoder member trained on the plan's training speakers (its validation ones too, for a refit), as the app will join it. */
async function trainEncoderMember(options: TrainCommandOptions, dataset: Prepared['dataset'], plan: SplitPlan) {
  const choice = options.encoderMember!;
  const encoded = await encodeClips(dataset, options);
  const fitted = await fitEncoderMember(choice.architecture, encoded, plan, options, path.join(options.runs, choice.architecture));
  const epochs = fitted.result.history;
  console.log(`${choice.architecture}: ${epochs.length} epochs, ${Math.round(epochs.reduce((sum, h) => sum + h.seconds, 0))} s`);
  return { fitted, ...memberOf(choice, fitted, encoded.encoder, options), encodeSeconds: encoded.seconds };
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

  // The recipe asked for ships (one architecture, or the ensemble of several, times the encoder member if
  // any): recipes are compared by cross-validation, not on one split. Each member's figures are reported beside it.
  const ensemble = trained.at(-1)!;
  const member = options.encoderMember ? await trainEncoderMember(options, dataset, plan) : undefined;
  const best = member
    ? { ...ensemble, architecture: recipeName(options), seconds: ensemble.seconds + member.fitted.result.history.reduce((sum, h) => sum + h.seconds, 0) }
    : ensemble;
  const joined = member && { meta: member.meta, loaded: member.loaded };
  const steps = frameSteps(options.config);
  const predict = async (split: 'val' | 'test') => {
    const general = await predictSamples(
      ensemble.result.model,
      prepared.data[split],
      prepared.norm,
      framesPerWindow(options.config),
      featureCount(options.config),
    );
    return member ? joinSamples(general, await memberSamples(member.fitted, split, steps), member.meta.weight) : general;
  };
  const bySpeaker = new Set(dataset.clips.filter((c) => c.speaker && c.group === c.speaker).map((c) => c.corpus));
  // The corpora left out of training calibrate too only when asked: with the encoder member, one temperature
  // cannot serve both (fitted with nEMO it left English speakers underconfident and Polish ones still
  // overconfident; twenty-first round), so they are scored, not fitted on.
  const strangers = options.calibrateLeftOut ? await leftOutSamples(best.result.model, best.architecture, prepared, options, leftOut, joined) : [];
  const calibration = await calibrate(predict, bySpeaker, { crossval: crossval.heldOut, leftOut: strangers });
  const crossvalEce = await crossvalCalibration(options.crossvalReport, best.architecture, strangers);
  console.log(
    `Calibration: temperature ${calibration.temperature.toFixed(2)}; test ECE ${calibration.testEce.before.all.toFixed(3)} before, ` +
      `${calibration.testEce.after.all.toFixed(3)} after (unseen speakers ${calibration.testEce.before[UNSEEN_SPEAKERS]?.toFixed(3)} before, ` +
      `${calibration.testEce.after[UNSEEN_SPEAKERS]?.toFixed(3)} after); uncertain below ${calibration.uncertainBelow.toFixed(2)}`,
  );
  // Scored again as shipped, calibrated: the card's figures are what the app will answer.
  const winner = {
    ...best,
    test: await scoreOnTest(best.result.model, best.architecture, prepared, options, calibration.temperature, prepared.dataset.clips, joined),
  };
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
    ? await scoreOnTest(best.result.model, `${best.architecture} (corpora left out)`, prepared, options, calibration.temperature, leftOut, joined)
    : undefined;
  // The run's own wall clock (features, members side by side, scoring): a resumed run counts only itself.
  const wall = { wallSeconds: Math.round((performance.now() - started) / 1000), resumed: Boolean(options.resume) };
  const meta = metadata(
    winner.architecture,
    options,
    prepared,
    { ...trainingRecord(winner, options, prepared), ...wall, ...(member && { encoderMember: memberRecord(member.fitted, member.encodeSeconds) }) },
    {
      headline: headlineOf(winner.test, dataset.clips, crossval.figure, untrained),
      calibration,
      test: summary(winner.test),
      comparison,
    },
  );
  meta.calibration = { temperature: calibration.temperature, uncertainBelow: calibration.uncertainBelow };
  if (member) meta.encoderMember = member.meta;
  await mkdir(options.out, { recursive: true });
  const memberBytes = member ? await saveModel(member.fitted.result.model, path.join(options.out, path.dirname(member.meta.path))) : 0;
  const weightBytes = (await saveModel(winner.result.model, options.out)) + memberBytes;
  await writeFile(path.join(options.out, 'metadata.json'), `${JSON.stringify(meta, null, 1)}\n`);
  // Loaded back as the app loads it, so that an export the app cannot read fails here, not in the browser.
  disposeModel(await loadEmotionModel(options.out));
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
