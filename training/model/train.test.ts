import { describe, expect, it } from 'vitest';
import { type ClipPrediction, classWeights, validationScores } from './train';

describe('class weights', () => {
  it('weights a class by its rarity, caps the weight at 10, and gives an absent class 1', () => {
    // 3 classes, 100 labels: 80 of class 0, 20 of class 1, none of class 2.
    const labels = [...new Array(80).fill(0), ...new Array(20).fill(1)];
    const weights = classWeights(labels, 3);
    expect(weights[0]).toBeCloseTo(100 / (3 * 80), 12);
    expect(weights[1]).toBeCloseTo(100 / (3 * 20), 12);
    expect(weights[2]).toBe(1);
    expect(classWeights([...new Array(999).fill(0), 1], 2)[1]).toBe(10);
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
