import type { Emotion } from '../core/labels';

/**
 * Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. Angry (vermillion) and
 * happy (yellow) differ in lightness as well as hue, so that red-green blindness cannot merge them.
 */
export const EMOTION_COLORS: Record<Emotion, string> = {
  angry: '#D55E00',
  disgust: '#009E73',
  fear: '#CC79A7',
  happy: '#F0E442',
  neutral: '#7F7F7F',
  sad: '#0072B2',
  surprise: '#56B4E9',
};

/**
 * Each emotion's line pattern, so that lines differ in more than colour: solid for the three most apart
 * in hue and lightness, dashes for the rest.
 */
export const EMOTION_DASHES: Record<Emotion, string | undefined> = {
  angry: undefined,
  disgust: '7 3',
  fear: '2 3',
  happy: undefined,
  neutral: '10 3 2 3',
  sad: undefined,
  surprise: '4 2',
};

/** Uncertain answers: a mid grey, hatched where it fills, readable on both themes. */
export const UNCERTAIN_COLOR = '#8a8a94';

export const percent = (v: number) => `${Math.round(v * 100)}%`;
