import path from 'node:path';
import { frameSteps } from '../../src/core/encoder/frames';
import type { EncoderMember, EncoderMemberMeta } from '../../src/core/encoder/member';
import { ENCODER_DIM, type SpeechEncoder } from '../../src/core/encoder/speech-embedding';
import type { Normalization } from '../../src/core/model';
import type { Dataset } from '../data/scan';
import type { SplitPlan } from '../data/split';
import type { BuiltData } from '../features/dataset';
import { type EncoderArchitecture, TRAINING_LENGTH } from '../model/architectures';
import { type Sample, predictSamples } from '../model/calibrate';
import { type TrainResult, type TrainingTargets, normalizationStats, trainModel } from '../model/train';
import { epochsOf } from '../pipeline/fit';
import type { TrainingOptions } from '../pipeline/options';
import { progressBar } from '../progress';
import { loadSpeechEncoder } from './load';
import { encodeDataset, framesBySplit } from './windows';

/** The shipped recipe's member on the encoder's frames, and its weight beside the feature ensemble. */
export interface EncoderMemberChoice {
  architecture: EncoderArchitecture;
  weight: number;
}

/** Every clip's window frames, read once for all the folds or models trained on them. */
export interface EncodedData {
  dataset: Dataset;
  encoder: SpeechEncoder;
  frames: (Float32Array[] | undefined)[];
  /** Clips that could not be read (none of their windows is in any set). */
  failures: { path: string; error: string }[];
  seconds: number;
}

/** Every clip's window frames, read (or taken from the cache) once. */
export async function encodeClips(dataset: Dataset, options: TrainingOptions): Promise<EncodedData> {
  const encoder = await loadSpeechEncoder();
  const bar = progressBar('encoder frames');
  const started = performance.now();
  const { frames, failures } = await encodeDataset(dataset, encoder, options.config, path.join(options.cache, 'encoder'), (d, t) => bar.update(d, t));
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  console.log(`Encoder frames of ${frames.filter(Boolean).length} clips in ${seconds.toFixed(0)} s`);
  for (const f of failures) console.error(`skipped ${f.path}: ${f.error}`);
  return { dataset, encoder, frames, failures, seconds };
}

export interface FittedMember {
  result: TrainResult;
  /** What it was taught: classes, or emotions (the gender left to the ensemble). */
  targets: TrainingTargets;
  norm: Normalization;
  data: Omit<BuiltData, 'failures'>;
}

/** Trains the member on `plan`'s training clips (and validation clips, for a refit), as recorded: no augmented copies. */
export async function fitEncoderMember(
  architecture: EncoderArchitecture,
  { dataset, frames }: EncodedData,
  plan: SplitPlan,
  options: TrainingOptions,
  runDir: string,
): Promise<FittedMember> {
  const data = framesBySplit(dataset, frames, options.refit ? { ...plan, val: [] } : plan);
  const targets = options.targets ?? 'classes';
  const norm = normalizationStats(data.train.windows, ENCODER_DIM);
  const bar = progressBar(`${architecture} epoch`);
  const result = await trainModel(data.train, data.val, norm, {
    architecture,
    config: options.config,
    frames: frameSteps(options.config),
    features: ENCODER_DIM,
    epochs: epochsOf(architecture, options),
    patience: options.patience ?? TRAINING_LENGTH[architecture].patience,
    batchSize: options.batchSize,
    learningRate: options.lr,
    seed: options.seed,
    crops: false,
    loss: options.loss ?? 'crossentropy',
    targets,
    runDir,
    resume: Boolean(options.resume),
    onBatch: (batch, batches, loss) => bar.update(batch, batches, `loss ${loss.toFixed(3)}`),
    onEpoch: () => bar.stop(),
  });
  return { result, norm, data, targets };
}

/** The member's window probabilities (T = 1) for every clip of a split. */
export function memberSamples({ result, norm, data }: FittedMember, split: 'val' | 'test', steps: number): Promise<Sample[]> {
  return predictSamples(result.model, data[split], norm, steps, ENCODER_DIM);
}

/** What the metadata says of a fitted member, and the member as the app's core runs it. */
export function memberOf(
  { architecture, weight }: EncoderMemberChoice,
  fitted: FittedMember,
  encoder: SpeechEncoder,
  options: TrainingOptions,
): { meta: EncoderMemberMeta; loaded: EncoderMember } {
  return {
    meta: {
      architecture,
      path: `${architecture}/model.json`,
      weight,
      steps: frameSteps(options.config),
      encoder: { name: 'speech_embedding', ...encoder.digests },
      normalization: fitted.norm,
    },
    loaded: { model: fitted.result.model, encoder },
  };
}

/** The member's training, for the model's metadata: epochs and their times, and the encoding's. */
export function memberRecord({ result, data, targets }: FittedMember, encodeSeconds: number): Record<string, unknown> {
  return {
    epochsRun: result.history.length,
    targets,
    history: result.history,
    windows: { train: data.train.windows.length, test: data.test.windows.length },
    encodeSeconds: Math.round(encodeSeconds),
  };
}
