import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { z } from 'zod';
import { withTemperature } from './calibration';
import { type FeatureConfig, assertSameConfig, featureConfigSchema, featureCount, framesPerWindow } from './config';
import { type FeatureMatrix, MEYDA_VERSION } from './features';
import { CLASS_LABELS } from './labels';
import { assertVoiceShape, voiceModelSchema } from './voice/voice-model';
import { POOLED_SIZE } from './encoder/pool';
import { type EncoderMember, assertMemberShape, encoderMemberSchema } from './encoder/member';
import { encoderFrames } from './encoder/frames';
import { ENCODER_DIM } from './encoder/speech-embedding';
import { windowFeatures } from './pipeline';
import { type WindowSpan, spanSamples } from './windows';
import { weightedProduct } from './product';

/** What travels beside the weights: enough to refuse a model that does not fit this code, and its card. */
export const modelMetadataSchema = z.object({
  format: z.literal('emotion-lens-model/1'),
  architecture: z.string(),
  labels: z.array(z.string()),
  featureConfig: featureConfigSchema,
  /** The feature library the model was trained with (absent in models made before it was recorded). */
  featureLibrary: z.object({ meyda: z.string() }).optional(),
  normalization: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
  /** Fitted on validation speakers at the end of training; every prediction is scaled by it. */
  calibration: z.object({ temperature: z.number().positive(), uncertainBelow: z.number().min(0).max(1) }).optional(),
  /** Heads that read one speaker's voice from a profile (absent in models made before them). */
  voice: voiceModelSchema.optional(),
  /** A member on the speech encoder's frames, joined to the network's answers (absent in models made before it). */
  encoderMember: encoderMemberSchema.optional(),
  trainedAt: z.string(),
  codeVersion: z.string(),
  training: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
});

export type ModelMetadata = z.infer<typeof modelMetadataSchema>;

export interface EmotionModel {
  readonly model: LayersModel;
  readonly meta: ModelMetadata;
  /** Loaded when `meta.encoderMember` names one. */
  readonly member?: EncoderMember;
}

/**
 * Validates a model's metadata against this build: its labels, its feature config and the shape of its
 * normalisation must all match, or the model is refused with a message saying what differs.
 */
export function parseModelMetadata(value: unknown, config: FeatureConfig): ModelMetadata {
  const result = modelMetadataSchema.safeParse(value);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`The model's metadata is invalid (${fields.slice(0, 4).join('; ')})`);
  }
  const meta = result.data;
  assertSameConfig(meta.featureConfig, config);
  if (meta.featureLibrary && meta.featureLibrary.meyda !== MEYDA_VERSION) {
    throw new Error(`The model was trained on features from meyda ${meta.featureLibrary.meyda}; this build computes them with meyda ${MEYDA_VERSION}`);
  }
  if (meta.labels.join() !== CLASS_LABELS.join()) {
    throw new Error(`The model's labels (${meta.labels.join(', ')}) are not this app's 14 classes`);
  }
  const n = featureCount(config);
  if (meta.normalization.mean.length !== n || meta.normalization.std.length !== n) {
    throw new Error(`The model's normalisation has the wrong length (expected ${n} features)`);
  }
  // Its heads read the window statistics (three values per feature), then the encoder's pooled vectors if any.
  if (meta.voice) assertVoiceShape(meta.voice, 3 * n + (meta.voice.encoder ? POOLED_SIZE : 0));
  if (meta.encoderMember) assertMemberShape(meta.encoderMember, undefined, config, CLASS_LABELS.length);
  return meta;
}

/** Checks that a loaded network takes [frames x features] windows and gives 14 probabilities. */
export function assertModelShape(model: LayersModel, config: FeatureConfig): void {
  const input = model.inputs[0].shape;
  const output = model.outputs[0].shape;
  const frames = framesPerWindow(config);
  const features = featureCount(config);
  if (input[1] !== frames || input[2] !== features || output[1] !== CLASS_LABELS.length) {
    throw new Error(
      `The model takes ${JSON.stringify(input)} and gives ${JSON.stringify(output)}; ` +
        `expected [null,${frames},${features}] and [null,${CLASS_LABELS.length}]`,
    );
  }
}

export type Normalization = ModelMetadata['normalization'];

/**
 * Standardises windows (each frames x features, flat) with the training statistics, as the model was
 * trained. A missing value (NaN: an encoder member's step past the window's sound) reads as the mean.
 */
export function standardize(windows: readonly Float32Array[], frames: number, features: number, { mean, std }: Normalization): tf.Tensor3D {
  const size = frames * features;
  const data = new Float32Array(windows.length * size);
  windows.forEach((w, n) => {
    const base = n * size;
    for (let i = 0; i < size; i++) {
      const f = i % features;
      const v = w[i];
      data[base + i] = Number.isNaN(v) ? 0 : (v - mean[f]) / std[f];
    }
  });
  return tf.tensor3d(data, [windows.length, frames, features]);
}

/**
 * 14 class probabilities per window (flat frames x features), with `temperature` applied, in batches so
 * that a long file never sits on the GPU at once. Training's validation and the app's predictions (through
 * `predictWindows`) both come from here.
 */
export async function predictStandardized(
  model: LayersModel,
  windows: readonly Float32Array[],
  {
    frames,
    features,
    normalization,
    temperature = 1,
    batchSize = 32,
  }: { frames: number; features: number; normalization: Normalization; temperature?: number; batchSize?: number },
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let start = 0; start < windows.length; start += batchSize) {
    const batch = windows.slice(start, start + batchSize);
    const probs = tf.tidy(() => model.predict(standardize(batch, frames, features, normalization)) as tf.Tensor2D);
    const values = (await probs.data()) as Float32Array;
    probs.dispose();
    for (let i = 0; i < batch.length; i++) {
      out.push(withTemperature(values.subarray(i * CLASS_LABELS.length, (i + 1) * CLASS_LABELS.length), temperature));
    }
  }
  return out;
}

/** What a model reads of its windows: their features, and the speech encoder's frames when it has a member on them. */
export interface ModelWindows {
  features: FeatureMatrix[];
  frames?: Float32Array[];
}

/**
 * The model's input for windows (`spans`) of a signal: their features, and the encoder's frames (read on
 * the encoder's own threads meanwhile) at the recording's `gain` (`levelGain`, found once for a long one).
 */
export async function modelWindows(
  { meta, member }: EmotionModel,
  signal: Float32Array,
  spans: readonly WindowSpan[],
  config: FeatureConfig,
  gain?: number,
): Promise<ModelWindows> {
  const featuresOf = () => spans.map((span) => windowFeatures(spanSamples(signal, span), config));
  if (!meta.encoderMember) return { features: featuresOf() };
  if (!member) throw new Error("The model's member on the speech encoder's frames is not loaded");
  const frames = encoderFrames(member.encoder, signal, spans, config, gain);
  frames.catch(() => {});
  const features = featuresOf();
  return { features, frames: await frames };
}

/**
 * Calibrated class probabilities of windows: the app, `evaluate` and `classify` predict through here. With
 * an encoder member, the network's and the member's answers are joined (each at T = 1), then calibrated.
 */
export async function predictWindows({ model, meta, member }: EmotionModel, { features, frames }: ModelWindows, batchSize = 32): Promise<Float32Array[]> {
  if (features.length === 0) return [];
  const temperature = meta.calibration?.temperature ?? 1;
  const shape = { frames: features[0].frames, features: features[0].features, normalization: meta.normalization, batchSize };
  const data = features.map((w) => w.data);
  const joined = meta.encoderMember;
  if (!joined) return predictStandardized(model, data, { ...shape, temperature });
  if (!member) throw new Error("The model's member on the speech encoder's frames is not loaded");
  if (frames?.length !== features.length) throw new RangeError(`${frames?.length ?? 0} windows of encoder frames for ${features.length} windows`);
  const general = await predictStandardized(model, data, shape);
  const read = await predictStandardized(member.model, frames, { frames: joined.steps, features: ENCODER_DIM, normalization: joined.normalization, batchSize });
  return general.map((p, i) => withTemperature(weightedProduct([p, read[i]], [1, joined.weight]), temperature));
}
