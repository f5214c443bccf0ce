import { describe, expect, it } from 'vitest';
import { CLASS_LABELS } from './labels';
import { longestSegments, segmentsOf, summaryOf } from './segments';

/** A window from `start` (3 s long) sure of one class, or (label null) spread evenly: uncertain. */
function window(start: number, label: string | null) {
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
    const segments = segmentsOf(run(0, ['female_angry', 'male_angry', 'female_sad', 'female_sad', 'female_angry', 'female_angry']), 0.5, 8);
    // Centres 1.5, 2.5 | 3.5, 4.5 | 5.5, 6.5: the changes fall at 3 and 5.
    expect(segments.map((s) => [s.start, s.end, s.emotion])).toEqual([
      [0, 3, 'angry'],
      [3, 5, 'sad'],
      [5, 8, 'angry'],
    ]);
  });

  it('keeps uncertain stretches uncertain and ends a segment at every gap', () => {
    const windows = [...run(0, ['female_happy', 'female_happy']), ...run(10, [null, null, 'female_happy'])];
    const segments = segmentsOf(windows, 0.5, 14.5);
    // Centres 11.5 and 12.5 uncertain, 13.5 happy: the change falls at 13; the last window ends past the recording.
    expect(segments.map((s) => [s.start, s.end, s.emotion])).toEqual([
      [0, 4, 'happy'],
      [10, 13, null],
      [13, 14.5, 'happy'],
    ]);
  });
});

describe('summaryOf', () => {
  it('shares the speech time among the emotions and names the largest', () => {
    const summary = summaryOf([
      { start: 0, end: 6, emotion: 'angry', windows: 4 },
      { start: 6, end: 8, emotion: 'sad', windows: 2 },
      { start: 20, end: 22, emotion: null, windows: 2 },
    ]);
    expect(summary.speechSeconds).toBe(10);
    expect(summary.shares.angry).toBeCloseTo(0.6);
    expect(summary.shares.sad).toBeCloseTo(0.2);
    expect(summary.uncertainShare).toBeCloseTo(0.2);
    expect(summary.dominant).toBe('angry');
    expect(summaryOf([]).dominant).toBeNull();
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
