import { describe, expect, it } from 'vitest';
import { CLASS_LABELS, argmaxKey, classIndex, classOf, emotionProbabilities, genderProbabilities, parseEmotion, parseGender } from './labels';

describe('labels', () => {
  it('has the 14 gender_emotion classes, gender-major', () => {
    expect(CLASS_LABELS).toHaveLength(14);
    expect(CLASS_LABELS[0]).toBe('female_angry');
    expect(CLASS_LABELS[13]).toBe('male_surprise');
    expect(CLASS_LABELS[classIndex('male', 'fear')]).toBe('male_fear');
    expect(classOf(classIndex('female', 'sad'))).toEqual({ gender: 'female', emotion: 'sad' });
  });

  it('reads the spellings the corpora use and refuses others', () => {
    expect(parseEmotion('Pleasant_Surprise')).toBe('surprise');
    expect(parseEmotion('ps')).toBe('surprise');
    expect(parseEmotion('calm')).toBe('neutral');
    expect(parseEmotion('ANG')).toBe('angry');
    expect(parseEmotion('fearful')).toBe('fear');
    expect(parseEmotion('bored')).toBeUndefined();
    expect(parseGender('F')).toBe('female');
    expect(parseGender('other')).toBeUndefined();
  });

  it('sums the 14 class probabilities into emotions and genders', () => {
    const probs = new Float32Array(14);
    probs[classIndex('female', 'happy')] = 0.25;
    probs[classIndex('male', 'happy')] = 0.25;
    probs[classIndex('male', 'sad')] = 0.5;
    const emotions = emotionProbabilities(probs);
    expect(emotions.happy).toBeCloseTo(0.5);
    expect(emotions.sad).toBeCloseTo(0.5);
    expect(emotions.angry).toBe(0);
    expect(genderProbabilities(probs)).toEqual({ female: 0.25, male: 0.75 });
    expect(argmaxKey({ a: 1, b: 3, c: 2 })).toBe('b');
  });
});
