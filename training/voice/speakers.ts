import { EMOTIONS } from '../../src/core/labels';
import type { SpeakerWindows } from './heads';
import { bySpeaker } from './simulate';
import type { VoiceClipReading } from './windows';

/** Readings grouped into the training speakers the voice heads learn from. */
export function speakerWindows(readings: readonly VoiceClipReading[]): SpeakerWindows[] {
  return [...bySpeaker(readings)].map(([speaker, of]) => ({
    speaker,
    windows: of.flatMap((r) => r.windows.map((w) => ({ stats: w.stats, emotion: EMOTIONS.indexOf(r.clip.emotion) }))),
  }));
}
