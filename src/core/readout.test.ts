import { describe, expect, it } from 'vitest';
import { chooseUncertainThreshold } from './calibration';
import type { Emotion } from './labels';
import { readout, readoutText } from './readout';

const probs = (values: Partial<Record<Emotion, number>>): Record<Emotion, number> => ({
  angry: 0,
  disgust: 0,
  fear: 0,
  happy: 0,
  neutral: 0,
  sad: 0,
  surprise: 0,
  ...values,
});

describe('readout', () => {
  it('names the top emotion when it is confident enough', () => {
    const r = readout(probs({ angry: 0.72, sad: 0.2, fear: 0.08 }), 0.5);
    expect(r).toEqual({ emotion: 'angry', confidence: 0.72, candidates: ['angry'] });
    expect(readoutText(r)).toBe('angry (72%)');
  });

  it('says "uncertain" between the two likeliest below the threshold', () => {
    const r = readout(probs({ fear: 0.41, sad: 0.39, neutral: 0.2 }), 0.5);
    expect(r).toEqual({ emotion: null, confidence: 0.41, candidates: ['fear', 'sad'] });
    expect(readoutText(r)).toBe('uncertain: fear or sad');
  });
});

describe('the uncertainty threshold', () => {
  it('is the lowest confidence from which the answers kept are right often enough', () => {
    // Right at 0.9 and 0.8, wrong at 0.6, right at 0.5, wrong at 0.3 and 0.2.
    const confidence = [0.9, 0.8, 0.6, 0.5, 0.3, 0.2];
    const correct = [true, true, false, true, false, false];
    // From 0.31 up: 3 of 4 right (0.75); from 0.21: 3 of 5 (0.6), under 2/3.
    expect(chooseUncertainThreshold(confidence, correct)).toBe(0.31);
    expect(chooseUncertainThreshold(confidence, correct, 0.5)).toBe(0);
    expect(chooseUncertainThreshold(confidence, correct, 1)).toBe(0.61);
    expect(chooseUncertainThreshold([0.5], [false])).toBe(1);
  });
});
