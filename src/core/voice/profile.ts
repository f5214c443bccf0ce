import { z } from 'zod';
import { CLASS_LABELS, EMOTIONS } from '../labels';
import type { ModelMetadata } from '../model';

/** One window of a speaker's speech as the general model read it: its 14 class probabilities and statistics. */
const windowSchema = z.object({ probs: z.array(z.number()).length(CLASS_LABELS.length), stats: z.array(z.number()) });
export type VoiceWindow = z.infer<typeof windowSchema>;

/** Speech heard without labels (a calm baseline, or all speech so far): only its mean is kept. */
const speechSchema = z.object({ mean: z.array(z.number()), windows: z.number().int().positive(), seconds: z.number().nonnegative() });
export type SpeechSummary = z.infer<typeof speechSchema>;

/** A clip of the speaker's speech with the emotion they meant (acted when taught, or relabelled). */
const clipSchema = z.object({
  id: z.string(),
  emotion: z.enum(EMOTIONS),
  seconds: z.number().nonnegative(),
  source: z.enum(['taught', 'relabelled']),
  /** What it was: the sentence read, or the recording and the part relabelled. */
  label: z.string().optional(),
  windows: z.array(windowSchema).min(1),
});
export type VoiceClip = z.infer<typeof clipSchema>;

/** How the profile reads: the speaker's centre and, when taught, the head fitted on their clips. */
const fitSchema = z.object({
  centre: z.enum(['calm', 'mixed']),
  mean: z.array(z.number()),
  taught: z.object({ weights: z.array(z.number()), bias: z.array(z.number()).length(EMOTIONS.length) }).optional(),
  /** Leave-one-out hit rates on the taught clips, the profile's beside the general model's. */
  check: z.object({ clips: z.number().int().nonnegative(), profile: z.number().min(0).max(1), general: z.number().min(0).max(1) }).optional(),
});
export type VoiceFit = z.infer<typeof fitSchema>;

export const VOICE_PROFILE_FORMAT = 'emotion-lens-voice/1';

export const voiceProfileSchema = z.object({
  format: z.literal(VOICE_PROFILE_FORMAT),
  id: z.string().min(1),
  name: z.string().trim().min(1).max(60),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The model it was made with: its statistics and clips mean nothing to another. */
  model: z.object({
    trainedAt: z.string(),
    codeVersion: z.string(),
    featureVersion: z.number().int(),
    /** When the model's voice head was fitted (a refitted head reads other statistics). */
    voiceFittedAt: z.string().optional(),
  }),
  baseline: speechSchema.optional(),
  unlabelled: speechSchema.optional(),
  clips: z.array(clipSchema),
  fit: fitSchema.optional(),
});

export type VoiceProfile = z.infer<typeof voiceProfileSchema>;

/** The model a profile is tied to, from that model's metadata. */
export const modelTie = (meta: Pick<ModelMetadata, 'trainedAt' | 'codeVersion' | 'featureConfig' | 'voice'>): VoiceProfile['model'] => ({
  trainedAt: meta.trainedAt,
  codeVersion: meta.codeVersion,
  featureVersion: meta.featureConfig.version,
  ...(meta.voice?.fittedAt && { voiceFittedAt: meta.voice.fittedAt }),
});

const day = (iso: string) => iso.slice(0, 10);

/** A new, empty profile of the model `tie` names. */
export function createVoiceProfile(name: string, tie: VoiceProfile['model'], id: string, now = new Date()): VoiceProfile {
  const at = now.toISOString();
  return voiceProfileSchema.parse({ format: VOICE_PROFILE_FORMAT, id, name, createdAt: at, updatedAt: at, model: tie, clips: [] });
}

/**
 * Reads a profile (an imported file, a stored one) for `meta`'s model, refusing with a message that says
 * why: not a profile, a damaged one, or one made with another model (after an update).
 */
export function parseVoiceProfile(value: unknown, meta: ModelMetadata): VoiceProfile {
  if (!value || typeof value !== 'object' || (value as { format?: unknown }).format !== VOICE_PROFILE_FORMAT) {
    throw new Error('Not a voice profile of this app (its format is not emotion-lens-voice/1)');
  }
  const result = voiceProfileSchema.safeParse(value);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`The voice profile is damaged (${fields.slice(0, 3).join('; ')})`);
  }
  const profile = result.data;
  const tie = modelTie(meta);
  const again = 'Make the profile again: its baseline and clips do not carry over';
  if (profile.model.trainedAt !== tie.trainedAt || profile.model.featureVersion !== tie.featureVersion) {
    throw new Error(
      `The voice profile "${profile.name}" was made for the model of ${day(profile.model.trainedAt)} (${profile.model.codeVersion}); ` +
        `this app runs the model of ${day(tie.trainedAt)} (${tie.codeVersion}). ${again}`,
    );
  }
  if (profile.model.voiceFittedAt !== tie.voiceFittedAt) {
    const made = profile.model.voiceFittedAt ? `fitted on ${day(profile.model.voiceFittedAt)}` : 'fitted before';
    throw new Error(
      `The voice profile "${profile.name}" was made for this model's earlier way of reading a voice (${made}); it now reads voices another way${tie.voiceFittedAt ? ` (fitted on ${day(tie.voiceFittedAt)})` : ''}. ${again}`,
    );
  }
  return profile;
}
