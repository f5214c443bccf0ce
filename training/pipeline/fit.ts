import { featureCount, framesPerWindow } from '../../src/core/config';
import type { Evaluation } from '../eval/evaluate';
import { SUMMARY_HEADER, formatByCorpus, markdownTable, summaryRows } from '../eval/report';
import { type Architecture, type MemberArchitecture, TRAINING_LENGTH } from '../model/architectures';
import { averageModel, ensembleName } from '../model/ensemble';
import { type TrainResult, clipPredictions, predictSet, trainModel, validationScores } from '../model/train';
import { progressBar } from '../progress';
import type { TrainingOptions } from './options';
import { scoreOnTest } from './score';
import type { Prepared } from './windows';

export interface Trained {
  /** An architecture, or an ensemble's members joined by '+'. */
  architecture: string;
  result: TrainResult;
  /** An ensemble's trained members. */
  members?: Trained[];
  seconds: number;
  test: Evaluation;
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
export function epochsOf(architecture: MemberArchitecture, options: Pick<TrainingOptions, 'epochs' | 'refit'>): number {
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
    loss: options.loss ?? 'crossentropy',
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

/** The mean of the trained models, scored on validation (to compete with its members) and on test. */
export async function ensembleOf(members: Trained[], prepared: Prepared, options: TrainingOptions): Promise<Trained> {
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
