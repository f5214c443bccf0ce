import { z } from 'zod';
import { EMOTIONS } from '../labels';
import type { Linear } from './linear';

/**
 * What a model carries to read one speaker's voice: heads trained on speaker-centred window statistics.
 * Every training speaker's statistics were centred on that speaker's own mean, so a head reads how a window
 * differs from the speaker's usual voice, not the voice itself: given a new speaker's mean, it reads
 * them the same way. `calm` was trained with each speaker centred on their neutral speech (a baseline);
 * `mixed` on all their speech (a long recording, or labelled clips of every emotion).
 */
const headSchema = z.object({
  weights: z.array(z.number()),
  bias: z.array(z.number()).length(EMOTIONS.length),
  /** How much its log-probabilities weigh beside the general model's, chosen by cross-validation. */
  weight: z.number().min(0),
});

export const CENTRES = ['calm', 'mixed'] as const;
export type Centre = (typeof CENTRES)[number];

export const voiceModelSchema = z.object({
  format: z.literal('emotion-lens-voice-heads/1'),
  /** The spread of speaker-centred statistics over the training windows, each column scaled by it. */
  scale: z.array(z.number().positive()),
  heads: z.object({ calm: headSchema, mixed: headSchema }),
  /** How much the mixed head weighs beside the general model under a taught (labelled) fit. */
  taughtHeadWeight: z.number().min(0),
  /** The speakers (and windows) the heads were trained on. */
  speakers: z.number().int().positive(),
  windows: z.number().int().positive(),
});

export type VoiceModel = z.infer<typeof voiceModelSchema>;

/** A head of `voice` as a linear map over its statistics. */
export function headLinear(voice: VoiceModel, centre: Centre): Linear {
  const { weights, bias } = voice.heads[centre];
  return { inputs: voice.scale.length, outputs: EMOTIONS.length, weights: Float64Array.from(weights), bias: Float64Array.from(bias) };
}

/** Checks that the heads fit the statistics they read (`statistics` values per window). */
export function assertVoiceShape(voice: VoiceModel, statistics: number): void {
  if (voice.scale.length !== statistics) throw new Error(`The model's voice heads read ${voice.scale.length} statistics; its windows give ${statistics}`);
  for (const centre of CENTRES) {
    if (voice.heads[centre].weights.length !== statistics * EMOTIONS.length) throw new Error(`The model's ${centre} voice head has the wrong number of weights`);
  }
}
