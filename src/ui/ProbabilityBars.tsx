import { EMOTIONS, type Emotion } from '../core/labels';
import { EMOTION_COLORS, percent } from './palette';

/**
 * One labelled bar per emotion; the numbers are the text, so screen readers get them too. Probabilities
 * (`prob-<emotion>` with `data-value`), or shares of a recording's utterances (`summary-<emotion>` with `data-share`).
 */
export function ProbabilityBars({
  emotions,
  testId,
  stale = false,
  kind = 'probability',
}: {
  emotions: Record<Emotion, number> | null;
  testId?: string;
  stale?: boolean;
  kind?: 'probability' | 'share';
}) {
  const label =
    kind === 'share' ? 'Share of the utterances with each emotion for an answer' : stale ? 'Emotion probabilities of the last speech' : 'Emotion probabilities';
  return (
    <ul className={stale ? 'bars stale' : 'bars'} data-testid={testId} data-stale={stale} aria-label={label}>
      {EMOTIONS.map((e) => {
        const value = emotions?.[e] ?? 0;
        const shown = emotions ? value.toFixed(4) : '';
        const data =
          kind === 'share' ? { 'data-testid': `summary-${e}`, 'data-share': shown } : { 'data-testid': testId ? `prob-${e}` : undefined, 'data-value': shown };
        return (
          <li key={e} {...data}>
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
