import { EMOTIONS } from '../../src/core/labels';
import { seededShuffle } from '../../src/core/random';
import { adaptWindow, fitVoiceProfile, speechSummary, voiceReader } from '../../src/core/voice/fit';
import { type VoiceProfile, createVoiceProfile } from '../../src/core/voice/profile';
import type { VoiceModel } from '../../src/core/voice/voice-model';
import { errorMessage } from '../../src/core/errors';
import type { VoiceClipReading } from './windows';

/** How a simulated user adapts the app to their voice (`npm run evaluate -- --adapt MODE`). */
export type AdaptMode = { kind: 'none' } | { kind: 'baseline'; seconds: number } | { kind: 'unlabelled' } | { kind: 'labelled'; clips: number };

export function parseAdaptMode(text: string): AdaptMode {
  const [kind, value] = text.split(':');
  const number = Number(value);
  if (kind === 'none' && value === undefined) return { kind };
  if (kind === 'unlabelled' && value === undefined) return { kind };
  if (kind === 'baseline' && number > 0) return { kind, seconds: number };
  if (kind === 'labelled' && Number.isInteger(number) && number >= 1) return { kind, clips: number };
  throw new Error(`--adapt ${text}: expected none, baseline:SECONDS, unlabelled or labelled:K (K clips of each emotion)`);
}

export const adaptModeName = (mode: AdaptMode): string =>
  mode.kind === 'baseline' ? `baseline:${mode.seconds}` : mode.kind === 'labelled' ? `labelled:${mode.clips}` : mode.kind;

/** What one speaker's adaptation used. */
export interface SpeakerAdaptation {
  speaker: string;
  /** The clips the profile was made from (left out of the scores, but in `unlabelled`). */
  clips: string[];
  /** Seconds of speech in a baseline, or labelled clips per emotion. */
  seconds: number;
  /** Why this speaker was scored unadapted, when the profile could not be made. */
  refused?: string;
}

export interface SpeakerResult {
  /** The clips scored, each with its windows' probabilities as the profile reads them. */
  scored: { reading: VoiceClipReading; windows: Float32Array[] }[];
  adaptation: SpeakerAdaptation;
}

const stringSeed = (text: string, seed: number) => [...text].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, seed >>> 0);

/** The profile a simulated user would make from these clips, and the clips it used. */
function profileFor(readings: readonly VoiceClipReading[], mode: AdaptMode, seed: number, speaker: string, tie: VoiceProfile['model']) {
  let profile = createVoiceProfile(speaker, tie, speaker, new Date(0));
  const shuffled = seededShuffle([...readings], stringSeed(speaker, seed));
  const summary = (used: readonly VoiceClipReading[]) =>
    speechSummary(
      used.flatMap((r) => r.windows.map((w) => w.stats)),
      used.reduce((s, r) => s + r.speechSeconds, 0),
    );
  if (mode.kind === 'unlabelled') return { profile: { ...profile, unlabelled: summary(readings) }, used: [...readings] };
  if (mode.kind === 'baseline') {
    const neutral = shuffled.filter((r) => r.clip.emotion === 'neutral');
    const used: VoiceClipReading[] = [];
    // Drawn until enough speech, but one neutral clip is always kept to score.
    for (const r of neutral.slice(0, Math.max(0, neutral.length - 1))) {
      if (used.reduce((s, u) => s + u.speechSeconds, 0) >= mode.seconds) break;
      used.push(r);
    }
    if (used.length) profile = { ...profile, baseline: summary(used) };
    return { profile, used };
  }
  if (mode.kind !== 'labelled') throw new Error('No profile without adaptation');
  const used = EMOTIONS.flatMap((e) => {
    const of = shuffled.filter((r) => r.clip.emotion === e);
    return of.slice(0, Math.min(mode.clips, of.length - 1));
  });
  const clips = used.map((r) => ({ id: r.clip.path, emotion: r.clip.emotion, seconds: r.speechSeconds, source: 'taught' as const, windows: r.windows }));
  return { profile: { ...profile, clips }, used };
}

/**
 * One speaker's clips read through the profile `mode` would make of them, through the core's own
 * profile functions: the clips it was made from left out (but in `unlabelled`, the case of a long
 * recording read with what it says of its speaker). A profile the core refuses leaves the speaker unadapted.
 */
export function simulateSpeaker(
  voice: VoiceModel,
  tie: VoiceProfile['model'],
  speaker: string,
  readings: readonly VoiceClipReading[],
  mode: AdaptMode,
  seed: number,
): SpeakerResult {
  const asIs = (r: VoiceClipReading) => ({ reading: r, windows: r.windows.map((w) => Float32Array.from(w.probs)) });
  if (mode.kind === 'none') return { scored: readings.map(asIs), adaptation: { speaker, clips: [], seconds: 0 } };
  const { profile, used } = profileFor(readings, mode, seed, speaker, tie);
  const seconds = mode.kind === 'labelled' ? mode.clips : used.reduce((s, r) => s + r.speechSeconds, 0);
  const adaptation: SpeakerAdaptation = { speaker, clips: used.map((r) => r.clip.path), seconds };
  const scoredReadings = mode.kind === 'unlabelled' ? readings : readings.filter((r) => !used.includes(r));
  try {
    // The profile's own leave-one-out check is the app's to show; the simulation scores the other clips.
    const reader = voiceReader(fitVoiceProfile(profile, voice, { check: false }).fit!, voice);
    return { scored: scoredReadings.map((r) => ({ reading: r, windows: r.windows.map((w) => adaptWindow(reader, w.probs, w.stats)) })), adaptation };
  } catch (error) {
    return { scored: scoredReadings.map(asIs), adaptation: { ...adaptation, refused: errorMessage(error) } };
  }
}

/** Readings by speaker (a manifest's `speaker` column, or the corpus reader's), in a stable order. */
export function bySpeaker(readings: readonly VoiceClipReading[]): Map<string, VoiceClipReading[]> {
  const groups = new Map<string, VoiceClipReading[]>();
  for (const r of readings) {
    const speaker = r.clip.speaker ?? r.clip.group;
    groups.set(speaker, [...(groups.get(speaker) ?? []), r]);
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}
