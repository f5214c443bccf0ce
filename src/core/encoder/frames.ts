import { type FeatureConfig, windowSamples } from '../config';
import { type WindowSpan, activeSpan, levelGain, spanSamples } from '../windows';
import { ENCODER_DIM, type SpeechEncoder, VECTOR_HOP, VECTOR_SPAN, vectorCount } from './speech-embedding';

/** Vectors a model window holds (28 for 3 s at 16 kHz): the steps of a member that reads the encoder's frames. */
export const frameSteps = (config: FeatureConfig) => vectorCount(windowSamples(config));

/** Sound kept either side of a window's active part, so that its first and last vectors hear it whole. */
const CONTEXT_SECONDS = 0.25;

/**
 * What a member on the speech encoder's frames reads of each model window (`spans`, windows of `signal`):
 * the vectors of the window's active part (with a little context), from the first step on; steps past them
 * are NaN, which standardisation reads as the mean, so that a short utterance is not averaged with the
 * silence padding its window. The signal is read once, at one gain for the whole recording (`levelGain`:
 * the features' level, so that the microphone's gain does not decide), its vectors on the signal's own
 * 80 ms grid whatever the spans: a window reads the same vectors in a clip, a file or a batch of it.
 */
export async function encoderFrames(
  encoder: SpeechEncoder,
  signal: Float32Array,
  spans: readonly WindowSpan[],
  config: FeatureConfig,
  gain = levelGain(signal, config),
): Promise<Float32Array[]> {
  if (spans.length === 0) return [];
  const steps = frameSteps(config);
  const context = Math.round(CONTEXT_SECONDS * config.sampleRate);
  // The part of each window read: its sound with context, at least one vector's span, inside the window.
  const reads = spans.map((span) => {
    const active = activeSpan(spanSamples(signal, span), config) ?? { start: 0, end: span.end - span.start };
    let start = Math.max(span.start, span.start + active.start - context);
    let end = Math.min(span.end, span.start + active.end + context);
    if (end - start < VECTOR_SPAN + VECTOR_HOP) {
      start = Math.max(span.start, Math.min(span.end - VECTOR_SPAN - VECTOR_HOP, Math.round((start + end - VECTOR_SPAN - VECTOR_HOP) / 2)));
      end = Math.min(span.end, start + VECTOR_SPAN + VECTOR_HOP);
    }
    return { start, end };
  });
  // One stretch over them all, from a vector boundary of the signal (zeros where it runs past the signal).
  const from = Math.floor(Math.min(...reads.map((r) => r.start)) / VECTOR_HOP) * VECTOR_HOP;
  const to = Math.max(...reads.map((r) => r.end));
  const stretch = spanSamples(signal, { start: from, end: to }).map((v) => v * gain);
  const { count, vectors } = await encoder.encode(stretch);
  return reads.map(({ start, end }) => {
    const frames = new Float32Array(steps * ENCODER_DIM).fill(Number.NaN);
    // The vectors that hear only the read part: k from the first whose span starts in it to the last that ends in it.
    const first = Math.ceil((start - from) / VECTOR_HOP);
    const last = Math.min(count - 1, Math.floor((end - from - VECTOR_SPAN) / VECTOR_HOP), first + steps - 1);
    if (last >= first) frames.set(vectors.subarray(first * ENCODER_DIM, (last + 1) * ENCODER_DIM));
    return frames;
  });
}
