import type { LayersModel } from '@tensorflow/tfjs-layers';
import { z } from 'zod';
import type { FeatureConfig } from '../config';
import { frameSteps } from './frames';
import { ENCODER_DIM, type SpeechEncoder } from './speech-embedding';

/** Which speech encoder files vectors come from: the first 16 hex digits of each one's SHA-256. */
export const encoderFilesSchema = z.object({ name: z.literal('speech_embedding'), mel: z.string().length(16), embedding: z.string().length(16) });

/**
 * A member that reads the speech encoder's frames of each window (`encoderFrames`), beside the network on
 * the features: its own files, joined to the network's answers by a weighted product (`weightedProduct`)
 * before the calibration's temperature. A model with one is cross-validated and calibrated with it.
 */
export const encoderMemberSchema = z.object({
  architecture: z.string(),
  /** Its tfjs files, relative to the model's folder. */
  path: z.string().regex(/^[\w-]+\/model\.json$/),
  /** Its weight in the product (the network on the features weighs 1). */
  weight: z.number().positive(),
  steps: z.number().int().positive(),
  encoder: encoderFilesSchema,
  normalization: z.object({ mean: z.array(z.number()).length(ENCODER_DIM), std: z.array(z.number().positive()).length(ENCODER_DIM) }),
});

export type EncoderMemberMeta = z.infer<typeof encoderMemberSchema>;

/** The member's network, and the encoder that reads its windows (files checked against the metadata's). */
export interface EncoderMember {
  readonly model: LayersModel;
  readonly encoder: SpeechEncoder;
}

/** Throws unless the member reads this config's windows (`frameSteps` vectors) and gives `classes` probabilities. */
export function assertMemberShape(meta: EncoderMemberMeta, model: LayersModel | undefined, config: FeatureConfig, classes: number): void {
  const steps = frameSteps(config);
  if (meta.steps !== steps) throw new Error(`The model's encoder member reads ${meta.steps} vectors a window; this build's windows hold ${steps}`);
  if (!model) return;
  const [input, output] = [model.inputs[0].shape, model.outputs[0].shape];
  if (input[1] !== steps || input[2] !== ENCODER_DIM || output[1] !== classes) {
    throw new Error(
      `The encoder member takes ${JSON.stringify(input)} and gives ${JSON.stringify(output)}; expected [null,${steps},${ENCODER_DIM}] and [null,${classes}]`,
    );
  }
}
