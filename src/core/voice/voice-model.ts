import { z } from 'zod';
import { encoderFilesSchema } from '../encoder/member';
import { EMOTIONS } from '../labels';
import type { Linear } from './linear';

/**
 * What a model carries to read one speaker's voice: a head trained on speaker-centred window statistics.
 * Every training speaker's statistics were centred on that speaker's own mean over all their speech, so
 * the head reads how a window differs from the speaker's usual voice, microphone and room, not the voice
 * itself: given a new speaker's centre, it reads them the same way. A calm baseline gives only the centre
 * of calm speech; `calmOffset` (the training speakers' mean step from their calm centre to their whole
 * centre) takes it to an estimate of the whole.
 */
export const voiceModelSchema = z.object({
  format: z.literal('emotion-lens-voice-heads/1'),
  /** The spread of speaker-centred statistics over the training windows: each column is scaled by it. */
  scale: z.array(z.number().positive()),
  head: z.object({ weights: z.array(z.number()), bias: z.array(z.number()).length(EMOTIONS.length) }),
  calmOffset: z.array(z.number()),
  /**
   * How much the head's log-probabilities weigh beside the general model's, chosen by cross-validation:
   * from a calm baseline's centre, from all of a speaker's speech, and under a taught (labelled) fit.
   */
  weights: z.object({ calm: z.number().min(0), mixed: z.number().min(0), taught: z.number().min(0) }),
  /**
   * Temperatures that keep a profile's percentages honest (adapted answers are surer than they are right),
   * fitted on cross-validation's held-out speakers, each adapted by a head its fold trained.
   */
  temperatures: z.object({ calm: z.number().positive(), mixed: z.number().positive(), taught: z.number().positive() }),
  /** The speakers (and windows) the head was trained on. */
  speakers: z.number().int().positive(),
  windows: z.number().int().positive(),
  /** When the head was fitted: a profile is tied to the head it was made with, not just to the model. */
  fittedAt: z.string().optional(),
  /**
   * With this, a window's statistics are followed by its speech_embedding vectors pooled over its speech
   * (`core/encoder`), read by the encoder files these SHA-256 digests name (their first 16 hex digits).
   */
  encoder: encoderFilesSchema.optional(),
});

export type VoiceModel = z.infer<typeof voiceModelSchema>;

/** Where a profile's centre comes from: calm speech (a baseline), or speech of every kind. */
export type Centre = 'calm' | 'mixed';

/** The head of `voice` as a linear map over its statistics. */
export function headLinear(voice: VoiceModel): Linear {
  const { weights, bias } = voice.head;
  return { inputs: voice.scale.length, outputs: EMOTIONS.length, weights: Float64Array.from(weights), bias: Float64Array.from(bias) };
}

/** Checks that the head fits the statistics it reads (`statistics` values per window). */
export function assertVoiceShape(voice: VoiceModel, statistics: number): void {
  const sizes = [voice.scale.length, voice.calmOffset.length, voice.head.weights.length / EMOTIONS.length];
  if (sizes.some((n) => n !== statistics)) throw new Error(`The model's voice head reads ${sizes.join('/')} statistics; its windows give ${statistics}`);
}
