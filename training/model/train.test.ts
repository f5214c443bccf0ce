import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random';
import { type ClipPrediction, balancedWeights, validationScores, weightedDraw } from './train';

describe('balanced sampling', () => {
  // Corpus "big" has 90 windows of class 0 and 10 of class 1; corpus "small" has 20 of class 0.
  const labels = [...new Array(90).fill(0), ...new Array(10).fill(1), ...new Array(20).fill(0)];
  const corpus = [...new Array(100).fill('big'), ...new Array(20).fill('small')];

  it('gives every (corpus, class) cell the same total weight', () => {
    const weights = balancedWeights({ labels, corpus });
    const total = (from: number, to: number) => weights.slice(from, to).reduce((a, b) => a + b, 0);
    expect(total(0, 90)).toBeCloseTo(1 / 3, 12);
    expect(total(90, 100)).toBeCloseTo(1 / 3, 12);
    expect(total(100, 120)).toBeCloseTo(1 / 3, 12);
  });

  it('draws indices in proportion to their weights, reproducibly', () => {
    const weights = Float64Array.from([1, 0, 3]);
    const draws = weightedDraw(weights, 40_000, createRandom(1));
    const share = (k: number) => draws.filter((d) => d === k).length / draws.length;
    expect(share(1)).toBe(0);
    expect(share(0)).toBeCloseTo(0.25, 1);
    expect(share(2)).toBeCloseTo(0.75, 1);
    expect(weightedDraw(weights, 50, createRandom(1))).toEqual(draws.slice(0, 50));
  });
});

describe('validation score', () => {
  const clip = (label: number, predicted: number, corpus: string): ClipPrediction => {
    const probs = new Float32Array(14);
    probs[predicted] = 1;
    return { clip: 0, label, corpus, probs };
  };

  it('averages the UAR of each corpus, whatever their sizes', () => {
    // 100 easy clips all right, 4 hard ones half right: the pooled UAR would be ~0.98.
    const easy = Array.from({ length: 100 }, (_, i) => clip(i % 7, i % 7, 'easy'));
    const hard = [clip(0, 0, 'hard'), clip(1, 1, 'hard'), clip(0, 2, 'hard'), clip(1, 3, 'hard')];
    const scores = validationScores([...easy, ...hard]);
    expect(scores.byCorpus).toEqual({ easy: 1, hard: 0.5 });
    expect(scores.uar).toBe(0.75);
    expect(scores.accuracy).toBeCloseTo(102 / 104, 12);
  });

  it('counts a male and a female clip of one emotion as the same emotion', () => {
    // Class 7 is male_angry and class 0 female_angry: the emotion is right, the gender wrong.
    expect(validationScores([clip(0, 7, 'x')]).byCorpus.x).toBe(1);
  });
});
