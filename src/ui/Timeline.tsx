import { useId, useMemo, useState } from 'react';
import { Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WindowResult } from '../core/classify';
import { EMOTIONS, type Emotion, emotionProbabilities } from '../core/labels';
import { clockTime } from '../core/time';
import { BLOCK_GAP_SECONDS, type Utterance } from '../core/utterances';
import { EMOTION_COLORS, EMOTION_DASHES, UNCERTAIN_COLOR, percent } from './palette';

const TICK = { fontSize: 12 };
/** The tooltip in the theme's own colours (recharts draws it white, which vanishes in dark mode). */
const TOOLTIP = { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' };
const TOOLTIP_LABEL = { color: 'var(--text)' };
/** Its items in the text colour too: the lines' own colours (yellow, sky blue) are too faint as text. */
const TOOLTIP_ITEM = { color: 'var(--text)' };
/** The plot's inset in the chart, in px: the y axis on the left, a margin on the right. The ribbon lines up with it. */
const PLOT_LEFT = 44;
const PLOT_RIGHT = 8;
/** Points drawn per line at most: a 2-hour recording's utterances are averaged into this many stretches. */
const MAX_POINTS = 400;
/** Rows of the numbers table per page: enough to read, few enough to render at once. */
const TABLE_ROWS = 200;

type Row = { t: number } & Partial<Record<Emotion, number>>;

/**
 * The utterances' probabilities as points for the lines: each utterance at its middle, or, past
 * `MAX_POINTS`, the mean of the utterances in each of that many equal stretches. Where utterances are a
 * block's pause apart or more, the lines break (their values are absent at a point between).
 */
function timelinePoints(utterances: readonly Utterance[], duration: number): Row[] {
  const rows = utterances.map((u) => ({ t: (u.start + u.end) / 2, ...u.emotions }));
  if (rows.length <= MAX_POINTS) {
    return rows.flatMap((row, i) =>
      i > 0 && utterances[i].start - utterances[i - 1].end >= BLOCK_GAP_SECONDS ? [{ t: (row.t + rows[i - 1].t) / 2 }, row] : [row],
    );
  }
  const step = duration / MAX_POINTS;
  const bins = Array.from({ length: MAX_POINTS }, () => ({ n: 0, sums: EMOTIONS.map(() => 0) }));
  for (const row of rows) {
    const bin = bins[Math.min(MAX_POINTS - 1, Math.floor(row.t / step))];
    bin.n++;
    EMOTIONS.forEach((e, k) => (bin.sums[k] += row[e]));
  }
  return bins.map((bin, i) => ({ t: (i + 0.5) * step, ...(bin.n && Object.fromEntries(EMOTIONS.map((e, k) => [e, bin.sums[k] / bin.n]))) }));
}

/** The three emotions that most utterances answer (by their likeliest emotion, uncertain ones too). */
function mostAnswered(utterances: readonly Utterance[]): Emotion[] {
  const count = (e: Emotion) => utterances.filter((u) => u.candidates[0] === e).length;
  return [...EMOTIONS].sort((a, b) => count(b) - count(a)).slice(0, 3);
}

/** The windows as a table, a page of rows at a time. */
function NumbersTable({ windows }: { windows: readonly WindowResult[] }) {
  const [page, setPage] = useState(0);
  const pages = Math.ceil(windows.length / TABLE_ROWS);
  const rows = windows.slice(page * TABLE_ROWS, (page + 1) * TABLE_ROWS);
  return (
    <>
      {pages > 1 && (
        <p className="row" data-testid="table-pages">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            rows {page * TABLE_ROWS + 1}–{page * TABLE_ROWS + rows.length} of {windows.length}
          </span>
          <button type="button" disabled={page === pages - 1} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">window</th>
            {EMOTIONS.map((e) => (
              <th key={e} scope="col">
                {e}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((w) => {
            const emotions = emotionProbabilities(w.probs);
            return (
              <tr key={w.start}>
                <td>
                  {clockTime(w.start)}–{clockTime(w.end)}
                </td>
                {EMOTIONS.map((e) => (
                  <td key={e}>{percent(emotions[e])}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/**
 * A recording over time: a ribbon of its utterances, each in the colour of its answer (uncertain ones
 * hatched grey), over one line per emotion that the legend switches on and off. A tap or a click anywhere on
 * either seeks the audio to that moment.
 */
export function Timeline({
  windows,
  utterances,
  duration,
  cursor,
  onSeek,
}: {
  windows: readonly WindowResult[];
  utterances: readonly Utterance[];
  duration: number;
  cursor: number;
  onSeek?: (seconds: number) => void;
}) {
  // At first the lines of the three emotions most often answered; the legend switches any on and off.
  const [hidden, setHidden] = useState<ReadonlySet<Emotion>>(() => new Set(EMOTIONS.filter((e) => !mostAnswered(utterances).includes(e))));
  const points = useMemo(() => timelinePoints(utterances, duration), [utterances, duration]);
  const shown = EMOTIONS.filter((e) => !hidden.has(e));
  const toggle = (e: Emotion) => setHidden((h) => (h.has(e) ? new Set([...h].filter((x) => x !== e)) : new Set([...h, e])));
  // The point touched, from the pointer's place in the plot (recharts' own click gives the last hovered
  // point, which a touch screen has not got: its first tap did nothing and later ones went back in time).
  const seekAt = (event: React.PointerEvent<HTMLDivElement>) => {
    if (!onSeek) return;
    const box = event.currentTarget.getBoundingClientRect();
    const fraction = (event.clientX - box.left - PLOT_LEFT) / (box.width - PLOT_LEFT - PLOT_RIGHT);
    if (fraction >= 0 && fraction <= 1) onSeek(fraction * duration);
  };
  const x = (t: number) => (100 * t) / duration;
  const hatch = `uncertain-${useId()}`;
  return (
    <figure className="chart timeline">
      <div
        className={onSeek ? 'timeline-plot seekable' : 'timeline-plot'}
        data-testid="timeline"
        role="img"
        aria-label={`The recording's ${utterances.length} utterances coloured by their answer, over a line per emotion of their probabilities (${shown.join(', ')} shown); the utterances and the windows' numbers are listed below`}
        onPointerUp={seekAt}
      >
        <svg className="ribbon" style={{ marginLeft: PLOT_LEFT, marginRight: PLOT_RIGHT }} viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
          <defs>
            <pattern id={hatch} width="1" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="1" height="4" fill={UNCERTAIN_COLOR} />
            </pattern>
          </defs>
          <rect className="ribbon-track" x="0" y="0" width="100" height="10" />
          {utterances.map((u) => (
            <rect
              key={u.start}
              x={x(u.start)}
              y="0"
              width={Math.max(0.15, x(u.end) - x(u.start))}
              height="10"
              fill={u.emotion ? EMOTION_COLORS[u.emotion] : `url(#${hatch})`}
            />
          ))}
          <line className="ribbon-cursor" x1={x(cursor)} x2={x(cursor)} y1="0" y2="10" vectorEffect="non-scaling-stroke" />
        </svg>
        <ResponsiveContainer width="100%" height={150}>
          <LineChart data={points} margin={{ top: 6, right: PLOT_RIGHT, bottom: 0, left: 0 }}>
            <XAxis dataKey="t" type="number" domain={[0, duration]} tick={TICK} tickFormatter={clockTime} allowDataOverflow />
            <YAxis width={PLOT_LEFT} domain={[0, 1]} ticks={[0, 0.5, 1]} tick={TICK} tickFormatter={(v: number) => percent(v)} />
            <Tooltip
              formatter={(v) => percent(Number(v))}
              labelFormatter={(t) => clockTime(Number(t))}
              contentStyle={TOOLTIP}
              labelStyle={TOOLTIP_LABEL}
              itemStyle={TOOLTIP_ITEM}
            />
            {shown.map((e) => (
              <Line
                key={e}
                dataKey={e}
                stroke={EMOTION_COLORS[e]}
                strokeDasharray={EMOTION_DASHES[e]}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
            {/* Coloured by the stylesheet (the text colour), so it shows in both themes. */}
            <ReferenceLine x={cursor} className="playback-cursor" strokeWidth={2} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul className="legend timeline-legend" aria-label="Emotions shown as lines">
        {EMOTIONS.map((e) => (
          <li key={e}>
            <button type="button" className="legend-item" aria-pressed={!hidden.has(e)} data-testid={`legend-${e}`} onClick={() => toggle(e)}>
              <svg width="22" height="8" aria-hidden="true">
                <line x1="1" x2="21" y1="4" y2="4" stroke={EMOTION_COLORS[e]} strokeWidth="3" strokeDasharray={EMOTION_DASHES[e]} />
              </svg>
              {e}
            </button>
          </li>
        ))}
      </ul>
      <figcaption>
        <p className="secondary">
          Above: each utterance in the colour of its answer (hatched: uncertain). Lines: each utterance&apos;s probabilities.
          {onSeek && ' Tap or click to play from there.'}
        </p>
        <details>
          <summary>
            Emotion timeline as numbers ({windows.length} windows{windows.length > TABLE_ROWS ? `, ${TABLE_ROWS} a page` : ''})
          </summary>
          <NumbersTable windows={windows} />
        </details>
      </figcaption>
    </figure>
  );
}
