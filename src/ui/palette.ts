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

export const percent = (v: number) => `${Math.round(v * 100)}%`;
