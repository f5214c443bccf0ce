import { EMOTIONS, type Emotion } from '../core/labels';
import type { LivePoint } from '../state/live';

/** The time span the chart shows: the last `span` seconds, or the first `span` until that much has passed. */
export function timeDomain(history: readonly LivePoint[], span: number): [number, number] {
  const last = history.at(-1)?.t ?? 0;
  return [Math.max(0, last - span), Math.max(span, last)];
}

/**
 * One SVG path per emotion in chart units (x: seconds from the domain's start, y: 1 - probability, so that
 * 1 is at the top). Silence (a point without emotions) breaks the lines instead of drawing through it; a
 * lone point between silences gets a zero-length segment, which round line caps draw as a dot.
 */
export function emotionPaths(history: readonly LivePoint[], domainStart: number): Record<Emotion, string> {
  const paths = Object.fromEntries(EMOTIONS.map((e) => [e, ''])) as Record<Emotion, string>;
  let run = 0;
  const endRun = () => {
    if (run === 1) for (const e of EMOTIONS) paths[e] += ' h0';
    run = 0;
  };
  for (const point of history) {
    if (!point.emotions) {
      endRun();
      continue;
    }
    const x = round(point.t - domainStart);
    const pen = run === 0 ? 'M' : 'L';
    for (const e of EMOTIONS) paths[e] += `${paths[e] ? ' ' : ''}${pen}${x} ${round(1 - point.emotions[e])}`;
    run++;
  }
  endRun();
  return paths;
}

/** Three decimals: a path is redrawn every update, and more digits cost time without moving a pixel. */
function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
