import { describe, expect, it } from 'vitest';
import type { ClipResult, WindowResult } from './classify';
import { CLASS_LABELS, emotionProbabilities } from './labels';
import { blocksOf, countsText, utteranceSummary, utterancesOf } from './utterances';

/** A window over [start, start + 3) sure of one class (label null: spread evenly, uncertain), its speech as given. */
function window(start: number, label: string | null, speech = { start, end: start + 3 }): WindowResult {
  const probs = new Float32Array(CLASS_LABELS.length).fill(label ? 0.1 / 13 : 1 / 14);
  if (label) probs[CLASS_LABELS.indexOf(label)] = 0.9;
  return { start, end: start + 3, probs, speech };
}

/** A result of the windows and the detector's utterances, its mean as `summarize` makes it. */
function result(windows: WindowResult[], utterances?: { start: number; end: number }[]): Pick<ClipResult, 'windows' | 'speech' | 'emotions'> {
  const probs = new Float32Array(CLASS_LABELS.length);
  for (const w of windows) w.probs.forEach((p, i) => (probs[i] += p / windows.length));
  return { windows, emotions: emotionProbabilities(probs), ...(utterances && { speech: { utterances, detectedSeconds: 0, classifiedSeconds: 0 } }) };
}

/** `n` utterances of 2 s, each heard by one window, every `every` seconds from `from`. */
function said(from: number, labels: (string | null)[], every = 4) {
  const utterances = labels.map((_, i) => ({ start: from + i * every, end: from + i * every + 2 }));
  return { utterances, windows: labels.map((l, i) => window(utterances[i].start - 0.5, l, utterances[i])) };
}

function joined(...parts: ReturnType<typeof said>[]) {
  return { utterances: parts.flatMap((p) => p.utterances), windows: parts.flatMap((p) => p.windows) };
}

describe('utterancesOf', () => {
  it("answers each utterance by the mean of the windows whose speech overlaps it, the clip's rule", () => {
    // Utterance 0-4 s is heard by the windows at 0 and 1 (angry) and 2 (sad, its speech from 3.5): angry.
    // Utterance 6-7 s only by the one at 5 (sad).
    const windows = [
      window(0, 'female_angry'),
      window(1, 'female_angry'),
      window(2, 'female_sad', { start: 3.5, end: 5 }),
      window(5, 'female_sad', { start: 6, end: 7 }),
    ];
    const utterances = utterancesOf(
      result(windows, [
        { start: 0, end: 4 },
        { start: 6, end: 7 },
      ]),
      0.5,
    );
    expect(utterances.map((u) => [u.start, u.end, u.emotion, u.windows])).toEqual([
      [0, 4, 'angry', 3],
      [6, 7, 'sad', 1],
    ]);
    // Angry is the female and male classes: (2 × (0.9 + 0.1 / 13) + 2 × 0.1 / 13) / 3.
    expect(utterances[0].confidence).toBeCloseTo((2 * 0.9 + 4 * (0.1 / 13)) / 3, 5);
  });

  it('says uncertain, between the two likeliest, where the mean is under the threshold', () => {
    const [u] = utterancesOf(result([window(0, null)], [{ start: 0, end: 3 }]), 0.5);
    expect(u.emotion).toBeNull();
    expect(u.candidates).toHaveLength(2);
  });

  it('leaves out an utterance that no classified window heard', () => {
    expect(
      utterancesOf(
        result(
          [window(0, 'female_sad', { start: 0, end: 2 })],
          [
            { start: 0, end: 2 },
            { start: 10, end: 12 },
          ],
        ),
        0.5,
      ),
    ).toHaveLength(1);
  });

  it("falls back on the windows' speech, joined where it overlaps, for a result without the detector's utterances", () => {
    const windows = [
      window(0, 'female_sad', { start: 0.5, end: 3 }),
      window(1, 'female_sad', { start: 1, end: 3.5 }),
      window(10, 'male_happy', { start: 10, end: 12 }),
    ];
    expect(utterancesOf(result(windows), 0.5).map((u) => [u.start, u.end, u.emotion])).toEqual([
      [0.5, 3.5, 'sad'],
      [10, 12, 'happy'],
    ]);
  });
});

describe('the overall answer', () => {
  it('is the most common utterance answer, never a third emotion, and says the counts', () => {
    const { windows, utterances } = said(0, ['female_angry', 'female_angry', 'female_angry', 'female_sad', 'female_sad', null]);
    const summary = utteranceSummary(result(windows, utterances), 0.5);
    expect(summary.overall.emotion).toBe('angry');
    expect(countsText(summary.counts)).toBe('by utterance: angry 3, sad 2, uncertain 1');
    expect(summary.speechSeconds).toBe(12);
  });

  it('is uncertain when most utterances are', () => {
    const { windows, utterances } = said(0, [null, null, 'female_sad']);
    expect(utteranceSummary(result(windows, utterances), 0.5).overall.emotion).toBeNull();
  });

  it("between tied answers, takes the windows' mean when it is one of them, else is uncertain between them", () => {
    // Two utterances: sad heard by two windows, angry by one; the mean of the three is sad.
    const windows = [
      window(0, 'female_sad', { start: 0, end: 2 }),
      window(1, 'female_sad', { start: 1, end: 2 }),
      window(5, 'female_angry', { start: 5, end: 7 }),
    ];
    expect(
      utteranceSummary(
        result(windows, [
          { start: 0, end: 2 },
          { start: 5, end: 7 },
        ]),
        0.5,
      ).overall.emotion,
    ).toBe('sad');
    // One each of three emotions: the mean (30% each) is under the threshold, so the answer is uncertain.
    const even = said(0, ['female_sad', 'female_angry', 'female_happy']);
    const overall = utteranceSummary(result(even.windows, even.utterances), 0.5).overall;
    expect(overall.emotion).toBeNull();
    expect(overall.candidates).toHaveLength(2);
  });
});

describe('blocksOf', () => {
  const summaryOf = (parts: ReturnType<typeof said>) => utteranceSummary(result(parts.windows, parts.utterances), 0.5);

  it('makes one block of a run of one answer, and one odd utterance does not split it', () => {
    const blocks = summaryOf(said(0, ['female_angry', 'female_angry', 'female_sad', 'female_angry', 'female_angry'])).blocks;
    expect(blocks).toEqual([{ start: 0, end: 18, emotion: 'angry', utterances: 5, agreeing: 4 }]);
  });

  it('parts runs of different answers at the middle of the pause between them', () => {
    const parts = joined(said(0, Array(4).fill('female_angry')), said(16, Array(4).fill('male_neutral')));
    // The angry run ends at 14 s, the neutral one starts at 16 s: they meet at 15.
    expect(summaryOf(parts).blocks.map((b) => [b.start, b.end, b.emotion, b.utterances])).toEqual([
      [0, 15, 'angry', 4],
      [15, 30, 'neutral', 4],
    ]);
  });

  it('never joins utterances across a long silence, however few they are', () => {
    const parts = joined(said(0, ['female_angry', 'female_angry']), said(20, ['female_angry']));
    expect(summaryOf(parts).blocks.map((b) => [b.start, b.end, b.utterances])).toEqual([
      [0, 6, 2],
      [20, 22, 1],
    ]);
  });

  it('is empty without utterances', () => {
    expect(blocksOf([])).toEqual([]);
  });
});
