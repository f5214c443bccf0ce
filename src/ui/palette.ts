import type { Emotion } from '../core/labels';

/** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
export const EMOTION_COLORS: Record<Emotion, string> = {
  angry: '#D55E00',
  disgust: '#009E73',
  fear: '#CC79A7',
  happy: '#E69F00',
  neutral: '#7F7F7F',
  sad: '#0072B2',
  surprise: '#56B4E9',
};

export const percent = (v: number) => `${Math.round(v * 100)}%`;
