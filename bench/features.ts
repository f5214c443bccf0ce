import { featureRealTimeFactor } from '../src/core/benchmark';
import { FEATURE_CONFIG } from '../src/core/config';
import { type Figure, measure } from './measure';

/** Seconds of audio per second of compute for the shipped config, in this Node process (one core). */
export function featureRtfNode(): Promise<Figure> {
  return measure('features.rtf.node', 'x real time', 5, () => featureRealTimeFactor(FEATURE_CONFIG));
}
