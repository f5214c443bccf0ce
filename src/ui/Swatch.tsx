import type { Emotion } from '../core/labels';
import { EMOTION_COLORS } from './palette';

/** An answer's colour beside its name: the emotion's, or hatched grey for uncertain. */
export const Swatch = ({ emotion }: { emotion: Emotion | null }) => (
  <span className={emotion ? 'swatch' : 'swatch uncertain'} style={emotion ? { background: EMOTION_COLORS[emotion] } : undefined} aria-hidden="true" />
);
