import { memo } from 'react';
import { EMOTIONS } from '../core/labels';
import { HISTORY_SECONDS, type LivePoint } from '../state/live';
import { emotionPaths, timeDomain } from './live-chart-geometry';
import { EMOTION_COLORS } from './palette';

/**
 * The live probabilities over the last `HISTORY_SECONDS`, as seven plain SVG paths. Not recharts (which
 * draws the file timelines, rendered once): redrawn four times a second, a recharts line chart cost ~45 ms
 * of main thread per update on a 2-core machine and made tasks over 50 ms; these paths cost well under 1 ms.
 */
export const LiveChart = memo(function LiveChart({ history }: { history: LivePoint[] }) {
  const [start, end] = timeDomain(history, HISTORY_SECONDS);
  const paths = emotionPaths(history, start);
  const span = end - start;
  return (
    <div className="live-chart">
      <div className="live-chart-y" aria-hidden="true">
        <span>100%</span>
        <span>50%</span>
        <span>0%</span>
      </div>
      <svg
        viewBox={`0 0 ${span} 1`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Emotion probabilities from ${Math.round(start)} s to ${Math.round(end)} s`}
        data-testid="live-chart"
      >
        {[0, 0.5, 1].map((y) => (
          <line key={y} className="live-chart-grid" x1={0} x2={span} y1={y} y2={y} vectorEffect="non-scaling-stroke" />
        ))}
        {EMOTIONS.map((e) => (
          <path
            key={e}
            d={paths[e]}
            data-emotion={e}
            stroke={EMOTION_COLORS[e]}
            strokeWidth={1.5}
            strokeLinecap="round"
            strokeLinejoin="round"
            fill="none"
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <div className="live-chart-x" aria-hidden="true">
        <span>{Math.round(start)} s</span>
        <span>{Math.round(end)} s</span>
      </div>
      <ul className="legend" data-testid="live-legend" aria-label="Colours of the emotions">
        {EMOTIONS.map((e) => (
          <li key={e}>
            <span className="swatch" style={{ background: EMOTION_COLORS[e] }} aria-hidden="true" />
            {e}
          </li>
        ))}
      </ul>
    </div>
  );
});
