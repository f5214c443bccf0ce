import { EMOTIONS, type Emotion } from '../core/labels';
import type { VoiceProfile } from '../core/voice/profile';

/** The sentences a user reads when teaching an emotion: short, and neutral in their words. */
export const TEACH_SENTENCES = [
  'The train leaves at seven tonight.',
  'I put the keys on the kitchen table.',
  'We talked about it on Tuesday.',
  'The letter came this morning.',
];

/** Read aloud for the calm baseline: about 30 s at a relaxed pace. */
export const BASELINE_PASSAGE =
  'The north wind and the sun were disputing which was the stronger, when a traveller came along wrapped in a ' +
  'warm cloak. They agreed that the one who first succeeded in making the traveller take his cloak off should ' +
  'be considered stronger than the other. Then the north wind blew as hard as he could, but the more he blew the ' +
  'more closely did the traveller fold his cloak around him; and at last the north wind gave up the attempt.';

/** The baseline speech time the progress ring fills to. */
export const BASELINE_TARGET_SECONDS = 30;

export interface TeachPrompt {
  emotion: Emotion;
  sentence: string;
}

/** Taught clips of one emotion in a profile. */
export function clipsOf(profile: Pick<VoiceProfile, 'clips'> | undefined, emotion: Emotion): number {
  return profile?.clips.filter((c) => c.emotion === emotion).length ?? 0;
}

/**
 * The next clip to ask for: the emotion with the fewest clips while any has fewer than `k` (in the app's
 * order of emotions), with the next sentence; null when every emotion has `k`.
 */
export function nextPrompt(profile: Pick<VoiceProfile, 'clips'>, k: number): TeachPrompt | null {
  const counts = EMOTIONS.map((e) => clipsOf(profile, e));
  const fewest = Math.min(...counts);
  if (fewest >= k) return null;
  return { emotion: EMOTIONS[counts.indexOf(fewest)], sentence: TEACH_SENTENCES[profile.clips.length % TEACH_SENTENCES.length] };
}
