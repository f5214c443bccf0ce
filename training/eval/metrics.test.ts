import { describe, expect, it } from 'vitest';
import { computeMetrics } from './metrics';

describe('metrics', () => {
  it('computes accuracy, UAR and macro-F1 by hand-checked numbers', () => {
    // truth: a a a a b b c ; predicted: a a a b b c c
    const m = computeMetrics([0, 0, 0, 0, 1, 1, 2], [0, 0, 0, 1, 1, 2, 2], ['a', 'b', 'c', 'd']);
    expect(m.accuracy).toBeCloseTo(5 / 7);
    // recalls: a 3/4, b 1/2, c 1/1; d absent from the truth, so not averaged
    expect(m.uar).toBeCloseTo((0.75 + 0.5 + 1) / 3);
    // precisions: a 3/3, b 1/2, c 1/2 -> F1 a 6/7, b 1/2, c 2/3
    expect(m.macroF1).toBeCloseTo((6 / 7 + 0.5 + 2 / 3) / 3);
    expect(m.confusion[0]).toEqual([3, 1, 0, 0]);
    expect(m.perClass[3]).toMatchObject({ support: 0, recall: 0 });
  });

  it('counts a class that is predicted but never true in macro-F1 (as scikit-learn does), not in UAR', () => {
    // truth: a a b b ; predicted: a d b b. d is absent from the truth: its F1 is 0 and it is averaged.
    const m = computeMetrics([0, 0, 1, 1], [0, 3, 1, 1], ['a', 'b', 'c', 'd']);
    // F1: a (P 1, R 1/2) 2/3, b 1, d 0; c neither true nor predicted, left out.
    expect(m.macroF1).toBeCloseTo((2 / 3 + 1 + 0) / 3);
    expect(m.uar).toBeCloseTo((0.5 + 1) / 2);
  });

  it('shows that accuracy hides a majority-class predictor and UAR does not', () => {
    const truth = [...new Array(90).fill(0), ...new Array(10).fill(1)];
    const m = computeMetrics(truth, new Array(100).fill(0), ['big', 'small']);
    expect(m.accuracy).toBe(0.9);
    expect(m.uar).toBe(0.5);
  });
});
