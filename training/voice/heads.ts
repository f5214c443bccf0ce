import { EMOTIONS } from '../../src/core/labels';
import { type SoftmaxFit, fitSoftmax } from '../../src/core/voice/linear';
import { meanStatistics } from '../../src/core/voice/fit';
import type { Centre, VoiceModel } from '../../src/core/voice/voice-model';

/** One training speaker's windows: their statistics and emotion index. */
export interface SpeakerWindows {
  speaker: string;
  windows: { stats: ArrayLike<number>; emotion: number }[];
}

/** The heads' fit: thousands of windows, so a light penalty. */
export const HEAD_FIT: SoftmaxFit = { l2: 1e-2, iterations: 300, rate: 0.5 };

/** How much each head weighs beside the general model: chosen by `npm run crossval:adapt` (EXPERIMENTS, sixteenth round). */
export interface HeadWeights {
  calm: number;
  mixed: number;
  taught: number;
}

export const HEAD_WEIGHTS: HeadWeights = { calm: 1, mixed: 1, taught: 0.3 };

const NEUTRAL = EMOTIONS.indexOf('neutral');

/** Six significant digits: the metadata stays small, and no answer moves. */
const rounded = (v: number) => Number(v.toPrecision(6));

/** Each speaker's centre of a kind: the mean of their neutral windows (calm), or of all of them (mixed). */
function centreOf(speaker: SpeakerWindows, centre: Centre): number[] | undefined {
  const chosen = speaker.windows.filter((w) => centre === 'mixed' || w.emotion === NEUTRAL);
  return chosen.length ? meanStatistics(chosen.map((w) => w.stats)) : undefined;
}

function spread(rows: readonly Float64Array[]): number[] {
  const n = rows.length;
  const mean = new Float64Array(rows[0].length);
  for (const r of rows) r.forEach((v, i) => (mean[i] += v / n));
  const variance = new Float64Array(mean.length);
  for (const r of rows) r.forEach((v, i) => (variance[i] += (v - mean[i]) ** 2 / n));
  return Array.from(variance, (v) => Math.sqrt(v) + 1e-3);
}

/**
 * Trains the voice heads on speakers' windows, each speaker's statistics centred on their own calm or
 * whole mean: what a window says beyond the speaker's usual voice, microphone and room.
 */
export function fitVoiceHeads(speakers: readonly SpeakerWindows[], weights: HeadWeights = HEAD_WEIGHTS, fit: SoftmaxFit = HEAD_FIT): VoiceModel {
  const mixedCentres = speakers.map((s) => centreOf(s, 'mixed')!);
  const centredRows = (centre: Centre) =>
    speakers.flatMap((s, i) => {
      const mean = centre === 'mixed' ? mixedCentres[i] : centreOf(s, 'calm');
      return mean ? s.windows.map((w) => ({ x: Float64Array.from(mean, (m, j) => w.stats[j] - m), emotion: w.emotion })) : [];
    });
  const mixedRows = centredRows('mixed');
  if (mixedRows.length === 0) throw new Error('No training windows to fit the voice heads on');
  const scale = spread(mixedRows.map((r) => r.x));
  const head = (centre: Centre) => {
    const rows = centre === 'mixed' ? mixedRows : centredRows('calm');
    const linear = fitSoftmax(
      { x: rows.map((r) => r.x.map((v, j) => v / scale[j])), offsets: rows.map(() => new Float64Array(EMOTIONS.length)), labels: rows.map((r) => r.emotion), classes: EMOTIONS.length },
      fit,
    );
    return { weights: Array.from(linear.weights, rounded), bias: Array.from(linear.bias, rounded), weight: weights[centre] };
  };
  return {
    format: 'emotion-lens-voice-heads/1',
    scale: scale.map(rounded),
    heads: { calm: head('calm'), mixed: head('mixed') },
    taughtHeadWeight: weights.taught,
    speakers: speakers.length,
    windows: mixedRows.length,
  };
}
