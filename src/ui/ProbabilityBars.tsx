import { EMOTIONS, type Emotion } from '../core/labels';
import { EMOTION_COLORS, percent } from './palette';

/** One labelled bar per emotion; the numbers are the text, so screen readers get them too. */
export function ProbabilityBars({ emotions, testId, stale = false }: { emotions: Record<Emotion, number> | null; testId?: string; stale?: boolean }) {
  return (
    <ul className={stale ? 'bars stale' : 'bars'} data-testid={testId} data-stale={stale} aria-label={stale ? 'Emotion probabilities of the last speech' : 'Emotion probabilities'}>
      {EMOTIONS.map((e) => {
        const value = emotions?.[e] ?? 0;
        return (
          <li key={e} data-testid={testId ? `prob-${e}` : undefined} data-value={emotions ? value.toFixed(4) : ''}>
            <span className="bar-label">{e}</span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar-fill" style={{ width: percent(value), background: EMOTION_COLORS[e] }} />
            </span>
            <span className="bar-value">{emotions ? percent(value) : '–'}</span>
          </li>
        );
      })}
    </ul>
  );
}
