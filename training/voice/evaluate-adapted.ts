import type { EmotionModel } from '../../src/core/model';
import type { SpeechDetector } from '../../src/core/speech';
import { modelTie } from '../../src/core/voice/profile';
import type { Clip } from '../data/corpora';
import { type Evaluation, type ScoredClip, scoreClips } from '../eval/evaluate';
import { type AdaptMode, type SpeakerAdaptation, adaptModeName, bySpeaker, simulateSpeaker } from './simulate';
import { readVoiceClips } from './windows';

/** What an adapted evaluation adds to the JSON: the mode, and each speaker's profile clips. */
export interface AdaptationRecord {
  mode: string;
  seed: number;
  speakers: SpeakerAdaptation[];
}

/**
 * Scores clips as `evaluate` does, each speaker's read through the voice profile `mode` would make of
 * their own clips (those clips left out, but in `unlabelled`): the app's windows, the core's profiles.
 */
export async function evaluateAdapted(
  model: EmotionModel,
  root: string,
  clips: readonly Clip[],
  speech: SpeechDetector,
  mode: AdaptMode,
  seed: number,
  options: { cacheDir: string; onProgress?: (done: number, total: number) => void },
): Promise<Evaluation & { adaptation: AdaptationRecord }> {
  const voice = model.meta.voice;
  if (!voice) throw new Error('The model has no voice heads to adapt with (npm run voice:fit fits them)');
  const { readings, failed } = await readVoiceClips(model, root, clips, speech, options);
  const scored: ScoredClip[] = [];
  const speakers: SpeakerAdaptation[] = [];
  for (const [speaker, of] of bySpeaker(readings)) {
    const result = simulateSpeaker(voice, modelTie(model.meta), speaker, of, mode, seed);
    speakers.push(result.adaptation);
    for (const { reading, windows } of result.scored) {
      const probs = new Float32Array(windows[0].length);
      for (const w of windows) w.forEach((p, k) => (probs[k] += p / windows.length));
      scored.push({ clip: reading.clip, probs });
    }
  }
  return { ...scoreClips(scored, failed), adaptation: { mode: adaptModeName(mode), seed, speakers } };
}

export function adaptationLine({ mode, seed, speakers }: AdaptationRecord): string {
  const refused = speakers.filter((s) => s.refused);
  const used = speakers.reduce((n, s) => n + s.clips.length, 0);
  return (
    `Adapted per speaker (${mode}, seed ${seed}): ${speakers.length} speakers, ${used} clips used to adapt` +
    (mode === 'unlabelled' ? ', without their labels, and scored too' : ' and left out of the scores') +
    (refused.length ? `; ${refused.length} unadapted (${refused.map((s) => `${s.speaker}: ${s.refused}`).join('; ')})` : '')
  );
}
