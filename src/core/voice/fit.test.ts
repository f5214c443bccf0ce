import { describe, expect, it } from 'vitest';
import { withTemperature } from '../calibration';
import { EMOTIONS, type Emotion } from '../labels';
import { createRandom } from '../random';
import { MIN_BASELINE_SECONDS, adaptWindow, fitVoiceProfile, mergeSpeech, missingEmotions, speechSummary, voiceReader } from './fit';
import { type VoiceClip, type VoiceProfile, createVoiceProfile } from './profile';
import type { VoiceModel } from './voice-model';

const D = EMOTIONS.length;
const TIE = { trainedAt: '2026-11-26T17:25:25.135Z', codeVersion: 'a299dd8', featureVersion: 1 };

/** A voice model whose heads read nothing (zero weights): only what a profile is taught moves answers. */
function blankVoice(calmOffset = new Array(D).fill(0)): VoiceModel {
  const head = { weights: new Array(D * D).fill(0), bias: new Array(D).fill(0) };
  return {
    format: 'emotion-lens-voice-heads/1',
    scale: new Array(D).fill(1),
    head,
    calmOffset,
    weights: { calm: 1, mixed: 1, taught: 0.3 },
    temperatures: { calm: 1, mixed: 1, taught: 1 },
    speakers: 1,
    windows: 1,
  };
}

/** The general model's answer for every window: fear (40%), whatever was said, half female. */
const fearful = () => {
  const p = new Array(2 * D).fill(0.05);
  p[EMOTIONS.indexOf('fear')] = p[D + EMOTIONS.indexOf('fear')] = 0.2;
  return p;
};

/** A speaker whose window statistics say the emotion (one column per emotion) over a voice of their own. */
function clipOf(emotion: Emotion, random: () => number, id: string): VoiceClip {
  const stats = EMOTIONS.map((e, j) => 5 + (e === emotion ? 3 : 0) + 0.2 * (random() - 0.5) + 0.1 * j);
  return { id, emotion, seconds: 3, source: 'taught', windows: [{ probs: fearful(), stats }] };
}

const profile = (extra: Partial<VoiceProfile> = {}): VoiceProfile => ({ ...createVoiceProfile('Anna', TIE, 'p1', new Date(0)), ...extra });

describe('adaptWindow', () => {
  it("keeps each emotion's split between the genders and sums to 1", () => {
    const voice = blankVoice();
    const fitted = fitVoiceProfile(profile({ baseline: speechSummary([new Array(D).fill(1)], MIN_BASELINE_SECONDS) }), voice);
    const probs = [0.1, 0.05, 0.05, 0.1, 0.1, 0.05, 0.05, 0.3, 0.05, 0.05, 0.02, 0.03, 0.02, 0.03];
    const out = adaptWindow(voiceReader(fitted.fit!, voice), probs, new Array(D).fill(1));
    expect(out.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    EMOTIONS.forEach((_, e) => expect(out[e] / (out[e] + out[e + D])).toBeCloseTo(probs[e] / (probs[e] + probs[e + D]), 5));
    // Heads that read nothing leave the general model's answer as it was.
    EMOTIONS.forEach((_, e) => expect(out[e] + out[e + D]).toBeCloseTo(probs[e] + probs[e + D], 5));
    // At the profile's temperature: softer, the order kept.
    const warm = { ...blankVoice(), temperatures: { calm: 2, mixed: 2, taught: 2 } };
    const soft = adaptWindow(
      voiceReader(fitVoiceProfile(profile({ baseline: speechSummary([new Array(D).fill(1)], MIN_BASELINE_SECONDS) }), warm).fit!, warm),
      probs,
      new Array(D).fill(1),
    );
    Array.from(withTemperature(probs, 2)).forEach((p, k) => expect(soft[k]).toBeCloseTo(p, 5));
  });
});

describe('fitVoiceProfile', () => {
  it('refuses a profile with no speech, a baseline too short, and clips of one emotion, saying what is missing', () => {
    const voice = blankVoice();
    expect(() => fitVoiceProfile(profile(), voice)).toThrow(/no speech yet/);
    expect(() => fitVoiceProfile(profile({ baseline: speechSummary([[1, 2, 3, 4, 5, 6, 7]], 4) }), voice)).toThrow(
      /holds 4 s of speech; it needs at least 10 s/,
    );
    const random = createRandom(1);
    expect(() => fitVoiceProfile(profile({ clips: [clipOf('sad', random, 'a'), clipOf('sad', random, 'b')] }), voice)).toThrow(
      /at least two emotions: it has clips of sad only/,
    );
  });

  it('centres a baseline on its calm speech moved by the calm offset, and merged speech on the mean of all its windows', () => {
    // Calm speech sits 0.5 under a speaker's whole centre (as the training speakers' did): the centre is moved by it.
    const voice = blankVoice(new Array(D).fill(0.5));
    const calm = fitVoiceProfile(profile({ baseline: speechSummary([new Array(D).fill(2), new Array(D).fill(4)], 30) }), voice);
    expect(calm.fit).toEqual({ centre: 'calm', mean: new Array(D).fill(3.5) });
    const merged = mergeSpeech(speechSummary([new Array(D).fill(0)], 5), speechSummary([new Array(D).fill(3), new Array(D).fill(3)], 10));
    expect(merged).toEqual({ mean: new Array(D).fill(2), windows: 3, seconds: 15 });
    expect(fitVoiceProfile(profile({ unlabelled: merged }), voice).fit?.centre).toBe('mixed');
  });

  it('learns a speaker from two taught clips of each emotion where the general model is wrong, and says so leave-one-out', () => {
    const voice = blankVoice();
    const random = createRandom(7);
    const clips = EMOTIONS.flatMap((e) => [clipOf(e, random, `${e}1`), clipOf(e, random, `${e}2`)]);
    const fitted = fitVoiceProfile(profile({ clips }), voice);
    const reader = voiceReader(fitted.fit!, voice);
    const unseen = EMOTIONS.map((e) => clipOf(e, random, `${e}3`));
    const answers = unseen.map((c) => {
      const p = adaptWindow(reader, c.windows[0].probs, c.windows[0].stats);
      const byEmotion = EMOTIONS.map((_, e) => p[e] + p[e + D]);
      return EMOTIONS[byEmotion.indexOf(Math.max(...byEmotion))];
    });
    expect(answers).toEqual([...EMOTIONS]);
    expect(fitted.fit?.check).toEqual({ clips: 14, profile: 1, general: 2 / 14 });
    expect(missingEmotions(fitted)).toEqual([]);
    expect(missingEmotions({ clips: clips.filter((c) => c.emotion !== 'sad' && c.emotion !== 'fear') })).toEqual(['fear', 'sad']);
  });
});
