import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../src/core/labels';
import { createGaussian } from '../../src/core/random';
import { adaptWindow, fitVoiceProfile, speechSummary, voiceReader } from '../../src/core/voice/fit';
import { createVoiceProfile } from '../../src/core/voice/profile';
import { type SpeakerWindows, fitVoiceHeads } from './heads';

const D = 4;
const gauss = createGaussian(3);
/** Column 0 says angry (+1) or neutral (-1) over a voice of its own (`voice`, the same on every column). */
const windowOf = (voice: number, emotion: 'angry' | 'neutral') => ({
  stats: Array.from({ length: D }, (_, j) => voice + (j === 0 ? (emotion === 'angry' ? 1 : -1) : 0) + 0.1 * gauss()),
  emotion: EMOTIONS.indexOf(emotion),
});
const speaker = (name: string, voice: number, angry: number, neutral: number): SpeakerWindows => ({
  speaker: name,
  windows: [...Array.from({ length: angry }, () => windowOf(voice, 'angry')), ...Array.from({ length: neutral }, () => windowOf(voice, 'neutral'))],
});

describe('fitVoiceHeads', () => {
  it("reads what a window says beyond its speaker's own voice, and steps from calm speech to the whole centre", () => {
    // Voices far apart: uncentred, column 0 would say the speaker, not the emotion.
    const voice = fitVoiceHeads([speaker('a', -3, 20, 20), speaker('b', 0, 20, 20), speaker('c', 3, 20, 20)]);
    expect(voice.speakers).toBe(3);
    // Each speaker's neutral centre is 1 under their whole centre on column 0.
    expect(voice.calmOffset[0]).toBeCloseTo(1, 1);
    expect(voice.calmOffset[1]).toBeCloseTo(0, 1);
    // A new speaker, with a voice none of them had, known only by a calm baseline.
    const baseline = Array.from({ length: 30 }, () => windowOf(10, 'neutral').stats);
    const tie = { trainedAt: 't', codeVersion: 'c', featureVersion: 1 };
    const fitted = fitVoiceProfile({ ...createVoiceProfile('new', tie, 'n'), baseline: speechSummary(baseline, 30) }, voice);
    const reader = voiceReader(fitted.fit!, voice);
    const uniform = new Array(14).fill(1 / 14);
    const angryOf = (w: { stats: number[] }) => {
      const p = adaptWindow(reader, uniform, w.stats);
      return p[0] + p[7];
    };
    expect(angryOf(windowOf(10, 'angry'))).toBeGreaterThan(0.5);
    expect(angryOf(windowOf(10, 'neutral'))).toBeLessThan(0.1);
  });

  it('counts every speaker the same, however many windows each has', () => {
    // One speaker with a thousand angry windows and another with ten neutral ones: the bias stays even.
    const voice = fitVoiceHeads([speaker('many', 0, 1000, 0), speaker('few', 0, 0, 10)]);
    const [angry, neutral] = [voice.head.bias[EMOTIONS.indexOf('angry')], voice.head.bias[EMOTIONS.indexOf('neutral')]];
    expect(Math.abs(angry - neutral)).toBeLessThan(0.5);
  });
});
