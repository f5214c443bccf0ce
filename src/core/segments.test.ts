import { describe, expect, it } from 'vitest';
import type { WindowResult } from './classify';
import { CLASS_LABELS } from './labels';
import { longestSegments, segmentsOf, summaryOf } from './segments';

/** A window from `start` (3 s long) sure of one class, or (label null) spread evenly: uncertain. */
function window(start: number, label: string | null): WindowResult {
  const probs = new Float32Array(CLASS_LABELS.length).fill(label ? 0.1 / 13 : 1 / 14);
  if (label) probs[CLASS_LABELS.indexOf(label)] = 0.9;
  return { start, end: start + 3, probs };
}

const run = (start: number, labels: (string | null)[]) => labels.map((l, i) => window(start + i, l));

describe('segmentsOf', () => {
  it('merges agreeing windows, and one odd window does not split a segment', () => {
    const segments = segmentsOf(run(0, ['female_angry', 'female_angry', 'female_sad', 'female_angry', 'female_angry']), 0.5, 7);
    expect(segments).toEqual([{ start: 0, end: 7, emotion: 'angry', windows: 5 }]);
  });

  it('changes answer halfway between the windows where it changes, gender aside', () => {
    const labels = ['female_angry', 'male_angry', 'female_angry', 'female_sad', 'female_sad', 'female_sad', 'female_sad', 'female_angry', 'female_angry', 'female_angry'];
    // Centres 1.5-3.5 | 4.5-7.5 | 8.5-10.5: the changes fall at 4 and 8.
    expect(segmentsOf(run(0, labels), 0.5, 12).map((s) => [s.start, s.end, s.emotion])).toEqual([
      [0, 4, 'angry'],
      [4, 8, 'sad'],
      [8, 12, 'angry'],
    ]);
  });

  it('merges a segment shorter than 3 s into its longer neighbour, so that a block reads as one answer', () => {
    const labels = ['female_angry', 'female_angry', 'female_angry', 'female_angry', 'female_sad', 'female_sad', 'female_angry', 'female_angry', 'female_angry'];
    expect(segmentsOf(run(0, labels), 0.5, 11)).toEqual([{ start: 0, end: 11, emotion: 'angry', windows: 9 }]);
  });

  it('gives a merged segment the answer of its windows\' mean, as the clip gets its own', () => {
    // One sure window and two unsure ones: alone, the sure one is too short and would take the unsure
    // answer of its longer neighbour; the three together are angry, as the clip's mean is.
    const windows = run(0, ['female_angry', null, null]);
    // Angry is the female and male classes together: 0.9 + 0.1 / 13 in the sure window, 2 / 14 in each unsure one.
    const mean = (0.9 + 0.1 / 13 + (2 * 2) / 14) / 3;
    expect(mean).toBeGreaterThan(0.29);
    expect(segmentsOf(windows, 0.29, 5)).toEqual([{ start: 0, end: 5, emotion: 'angry', windows: 3 }]);
    expect(segmentsOf(windows, mean + 0.01, 5)).toEqual([{ start: 0, end: 5, emotion: null, windows: 3 }]);
  });

  it('keeps uncertain stretches uncertain and ends a segment at every gap', () => {
    const windows = [...run(0, ['female_happy', 'female_happy']), ...run(10, [null, null, 'female_happy', 'female_happy', 'female_happy'])];
    // Centres 11.5 and 12.5 uncertain, 13.5 on happy: the change falls at 13.
    expect(segmentsOf(windows, 0.5, 17).map((s) => [s.start, s.end, s.emotion])).toEqual([
      [0, 4, 'happy'],
      [10, 13, null],
      [13, 17, 'happy'],
    ]);
  });

  it('starts and ends a stretch where its windows heard speech, not where they reach into silence or music', () => {
    const windows = run(10, Array(5).fill('female_fear'));
    windows[0].speech = { start: 11.7, end: 13 };
    windows[4].speech = { start: 14, end: 15.2 };
    expect(segmentsOf(windows, 0.5, 30)).toEqual([{ start: 11.7, end: 15.2, emotion: 'fear', windows: 5 }]);
  });
});

describe('summaryOf', () => {
  it('shares the speech time among the emotions (summing to 1), and says how much of it is uncertain', () => {
    // 0-7 s angry (5 windows), a gap, then 20-26 s: sad, sure for 2 windows, unsure for 2 (sad on top still).
    const unsure = (start: number) => {
      const w = window(start, null);
      w.probs[CLASS_LABELS.indexOf('female_sad')] += 0.05;
      return w;
    };
    const windows = [...run(0, Array(5).fill('female_angry')), ...run(20, ['female_sad', 'female_sad']), unsure(22), unsure(23)];
    const summary = summaryOf(windows, 0.5, 30);
    expect(summary.speechSeconds).toBeCloseTo(7 + 6);
    expect(summary.shares.angry).toBeCloseTo(7 / 13);
    expect(summary.shares.sad).toBeCloseTo(6 / 13);
    expect(Object.values(summary.shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    // The two unsure windows (centres 23.5, 24.5): from the midpoint at 23 to the end at 26.
    expect(summary.uncertainShare).toBeCloseTo(3 / 13);
    expect(summary.dominant).toBe('angry');
    expect(summaryOf([], 0.5, 10)).toMatchObject({ speechSeconds: 0, dominant: null });
  });
});

describe('longestSegments', () => {
  it('keeps the longest answered segments of at least the minimum, in time order', () => {
    const segments = [
      { start: 0, end: 20, emotion: 'angry' as const, windows: 20 },
      { start: 20, end: 60, emotion: null, windows: 40 },
      { start: 60, end: 70, emotion: 'sad' as const, windows: 10 },
      { start: 70, end: 130, emotion: 'sad' as const, windows: 60 },
      { start: 130, end: 160, emotion: 'happy' as const, windows: 30 },
      { start: 160, end: 176, emotion: 'fear' as const, windows: 16 },
    ];
    expect(longestSegments(segments).map((s) => s.start)).toEqual([0, 70, 130]);
  });
});
