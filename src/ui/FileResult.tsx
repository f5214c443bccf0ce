import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { Area, AreaChart, Brush, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EMOTIONS, type Emotion, emotionProbabilities } from '../core/labels';
import { DEFAULT_UNCERTAIN_BELOW, readout, readoutText } from '../core/readout';
import { type Segment, longestSegments, summaryOf } from '../core/segments';
import { clockTime } from '../core/time';
import type { FileStatus } from '../state/file-status';
import { type FileItem, useFiles } from '../state/files';
import { useModel } from '../state/model';
import { useVoice } from '../state/voice';
import { ProbabilityBars } from './ProbabilityBars';
import { download, exportFormats } from './export';
import { EMOTION_COLORS, percent } from './palette';

const TICK = { fontSize: 12 };
/** The tooltip in the theme's own colours (recharts draws it white, which vanishes in dark mode). */
const TOOLTIP = { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' };
const TOOLTIP_LABEL = { color: 'var(--text)' };
/** Rows of the numbers table per page: enough to read, few enough to render at once. */
const TABLE_ROWS = 200;
/** Past this many windows the timeline gets a range selector under it: an overview to pick the detail from. */
const BRUSH_FROM = 60;

/** The windows as a table, a page of rows at a time. */
function NumbersTable({ data }: { data: ({ t: number } & Record<Emotion, number>)[] }) {
  const [page, setPage] = useState(0);
  const pages = Math.ceil(data.length / TABLE_ROWS);
  const rows = data.slice(page * TABLE_ROWS, (page + 1) * TABLE_ROWS);
  return (
    <>
      {pages > 1 && (
        <p className="row" data-testid="table-pages">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            rows {page * TABLE_ROWS + 1}–{page * TABLE_ROWS + rows.length} of {data.length}
          </span>
          <button type="button" disabled={page === pages - 1} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">time</th>
            {EMOTIONS.map((e) => (
              <th key={e} scope="col">
                {e}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.t}>
              <td>{clockTime(row.t)}</td>
              {EMOTIONS.map((e) => (
                <td key={e}>{percent(row[e])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Timeline({ item, cursor, onSeek }: { item: FileItem; cursor: number; onSeek?: (seconds: number) => void }) {
  const data = useMemo(
    () => item.analysis?.result.windows.map((w) => ({ t: (w.start + w.end) / 2, ...emotionProbabilities(w.probs) })) ?? [],
    [item.analysis],
  );
  // Windows more than a hop and a half apart have silence or non-speech between them: the areas break there.
  const chartData = useMemo(
    () => data.flatMap((row, i) => (i > 0 && row.t - data[i - 1].t > 1.5 ? [{ t: (row.t + data[i - 1].t) / 2 }, row] : [row])),
    [data],
  );
  const brush = data.length > BRUSH_FROM;
  return (
    <figure className="chart">
      <div role="img" aria-label={`Emotion probabilities over the recording, stacked, ${data.length} windows; the numbers are in the table below`}>
      <ResponsiveContainer width="100%" height={brush ? 190 : 160}>
        <AreaChart
          data={chartData}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          className={onSeek ? 'seekable' : undefined}
          onClick={(state) => {
            const t = Number(state?.activeLabel);
            if (onSeek && Number.isFinite(t)) onSeek(t);
          }}
        >
          <XAxis dataKey="t" type="number" domain={brush ? ['dataMin', 'dataMax'] : [0, item.analysis?.duration ?? 1]} tick={TICK} tickFormatter={clockTime} />
          {/* Fixed ticks: the stacked sum can round past 1, and recharts would then pick odd ticks (30%, 60%, 90%). */}
          <YAxis width={44} domain={[0, 1]} ticks={[0, 0.5, 1]} allowDataOverflow tick={TICK} tickFormatter={(v: number) => percent(v)} />
          <Tooltip formatter={(v) => percent(Number(v))} labelFormatter={(t) => clockTime(Number(t))} contentStyle={TOOLTIP} labelStyle={TOOLTIP_LABEL} />
          {EMOTIONS.map((e) => (
            <Area key={e} dataKey={e} stackId="p" stroke={EMOTION_COLORS[e]} fill={EMOTION_COLORS[e]} isAnimationActive={false} />
          ))}
          {/* Coloured by the stylesheet (the text colour), so it shows in both themes. */}
          <ReferenceLine x={cursor} className="playback-cursor" strokeWidth={2} />
          {/* Drag its ends to zoom into a stretch, its middle to pan. */}
          {brush && <Brush dataKey="t" height={22} tickFormatter={clockTime} stroke="var(--accent)" fill="var(--panel)" travellerWidth={10} />}
        </AreaChart>
      </ResponsiveContainer>
      </div>
      <figcaption>
        <details>
          <summary>
            Emotion timeline as numbers ({data.length} windows{data.length > TABLE_ROWS ? `, ${TABLE_ROWS} a page` : ''})
          </summary>
          <NumbersTable data={data} />
        </details>
      </figcaption>
    </figure>
  );
}

/** "42%, about 0:12 left" once there is enough to extrapolate from. */
function progressText({ progress, startedAt }: FileItem): string {
  const done = `${Math.floor(progress * 100)}%`;
  const elapsed = startedAt === undefined ? 0 : (performance.now() - startedAt) / 1000;
  if (progress < 0.05 || elapsed < 2) return `${done}, estimating the time left…`;
  return `${done}, about ${clockTime((elapsed * (1 - progress)) / progress)} left`;
}

/** A recording's status as its card says it. */
const STATUS_TEXT: Record<FileStatus, string> = {
  queued: 'queued',
  processing: 'processing',
  done: 'done',
  'no-speech': 'no speech',
  error: 'error',
  cancelled: 'cancelled',
};

const channelText = (n: number) => (n === 1 ? 'mono' : n === 2 ? 'stereo' : `${n} channels`);

/** The segments of one answer each, in order; with audio, a click plays the recording from a segment's start. */
function Segments({ segments, onSeek, teaching, onRelabel }: { segments: Segment[]; onSeek?: (seconds: number) => void; teaching?: string; onRelabel?: (segment: Segment, emotion: Emotion) => void }) {
  return (
    <details className="segments" open={segments.length <= 12}>
      <summary>
        {segments.length} segment{segments.length === 1 ? '' : 's'} of one answer each{onSeek && ' (click one to play it)'}
      </summary>
      <ol>
        {segments.map((s) => {
          const where = { 'data-emotion': s.emotion ?? 'uncertain', 'data-start': s.start, 'data-end': s.end };
          const label = (
            <>
              <span className="swatch" style={{ background: s.emotion ? EMOTION_COLORS[s.emotion] : 'transparent' }} aria-hidden="true" />
              {clockTime(s.start)}–{clockTime(s.end)} {s.emotion ?? 'uncertain'}
            </>
          );
          return (
            <li key={s.start}>
              {onSeek ? (
                <button type="button" className="link" data-testid="segment" {...where} onClick={() => onSeek(s.start)}>
                  {label}
                </button>
              ) : (
                <span data-testid="segment" {...where}>
                  {label}
                </span>
              )}
              {onRelabel && (
                <select
                  className="relabel"
                  data-testid="segment-relabel"
                  aria-label={`What ${clockTime(s.start)}–${clockTime(s.end)} really was, to teach ${teaching}'s voice profile`}
                  value=""
                  onChange={(e) => e.target.value && onRelabel(s, e.target.value as Emotion)}
                >
                  <option value="">Teach {teaching}: this part was…</option>
                  {EMOTIONS.map((emotion) => (
                    <option key={emotion} value={emotion}>
                      {emotion}
                    </option>
                  ))}
                </select>
              )}
            </li>
          );
        })}
      </ol>
    </details>
  );
}

/**
 * One dropped file: its progress, then its result, timeline and playback; or its error. Memoised: the
 * store replaces only the item that changed, so a progress tick re-renders that file's card alone.
 */
export const FileResult = memo(function FileResult({ item }: { item: FileItem }) {
  const cancel = useFiles((s) => s.cancel);
  const remove = useFiles((s) => s.remove);
  const [cursor, setCursor] = useState(0);
  const url = useMemo(() => (item.status === 'done' && item.audio ? URL.createObjectURL(item.audio) : undefined), [item.audio, item.status]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  const result = item.analysis?.result;
  const info = useModel((s) => s.info);
  // While a voice profile is being taught, each segment of a kept recording can teach it what that part was.
  const teaching = useVoice((s) => s.entries.find((e) => e.id === s.editingId && e.profile)?.name);
  const relabel = useVoice((s) => s.relabel);
  const uncertainBelow = info?.uncertainBelow ?? DEFAULT_UNCERTAIN_BELOW;
  const modelLoading = useModel((s) => s.status === 'loading');
  // A file dropped before the model is ready waits for it, and says so.
  const statusText = modelLoading && (item.status === 'queued' || item.status === 'processing') ? 'waiting for the model to load…' : STATUS_TEXT[item.status];
  const noSpeech = item.status === 'no-speech';
  const overall = result && readout(result.emotions, uncertainBelow);
  const summary = useMemo(
    () => (item.analysis ? summaryOf(item.analysis.result.windows, uncertainBelow, item.analysis.duration) : undefined),
    [item.analysis, uncertainBelow],
  );
  const segments = summary?.segments ?? [];
  const longest = longestSegments(segments);
  const audio = useRef<HTMLAudioElement>(null);
  const seek = (seconds: number) => {
    if (!audio.current) return;
    audio.current.currentTime = seconds;
    void audio.current.play();
  };

  return (
    <li
      className="file"
      data-testid="file-result"
      data-file-name={item.name}
      data-source={item.source}
      data-status={item.status}
      data-top-emotion={overall ? (overall.emotion ?? 'uncertain') : ''}
      data-confidence={overall?.confidence ?? ''}
      data-voice-profile={item.analysis?.voiceProfile ?? ''}
    >
      <div className="row">
        <strong className="file-name">{item.name}</strong>
        <span className="secondary" data-testid="file-status">
          {statusText}
        </span>
        {(item.status === 'queued' || item.status === 'processing') && (
          <button type="button" onClick={() => cancel(item.id)} disabled={item.cancelling}>
            {item.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
        <button type="button" aria-label={`Remove ${item.name}`} onClick={() => remove(item.id)}>
          Remove
        </button>
      </div>
      {item.status === 'processing' && (
        <>
          <progress max={1} value={item.progress} aria-label={`Analysing ${item.name}`} />
          <p className="secondary" data-testid="progress-text">
            {progressText(item)}
          </p>
        </>
      )}
      {/* A recording with no voice in it is an answer, not a fault: said plainly, not as an alarm. */}
      {item.error && (
        <p className={noSpeech ? undefined : 'error'} data-testid="error-message" role={noSpeech ? 'status' : 'alert'}>
          {item.error}
        </p>
      )}
      {result && item.analysis && (
        <>
          <p>
            Overall: <strong data-testid="overall">{overall ? readoutText(overall) : ''}</strong>, voice {result.topGender} ·{' '}
            {item.source === 'live'
              ? `${clockTime(item.analysis.duration)} live from the microphone (the audio is not kept)`
              : `${item.analysis.duration.toFixed(1)} s, ${item.analysis.sampleRate} Hz, ${channelText(item.analysis.channels)}`}
            {item.analysis.voiceProfile && <span data-testid="file-voice"> · read as {item.analysis.voiceProfile}&apos;s voice</span>}
          </p>
          <ProbabilityBars emotions={result.emotions} />
          {/* A group, not a landmark: two recordings of one name would make two landmarks of one name. */}
          {summary && (
            <div role="group" className="file-summary" data-testid="file-summary" data-speech-seconds={summary.speechSeconds} aria-label={`Summary of ${item.name}`}>
              <p className="secondary" data-testid="speech-time">
                Speech {clockTime(summary.speechSeconds)} of {clockTime(item.analysis.duration)} (silence, noise and music left out)
                {summary.dominant && `; ${summary.dominant} came first in ${percent(summary.shares[summary.dominant])} of it`}
                {/* The shares count every stretch for its likeliest emotion, uncertain ones too: said apart, not added. */}
                {summary.uncertainShare > 0 && `; ${percent(summary.uncertainShare)} of it is uncertain (no emotion strong enough to name)`}.
              </p>
              {longest.length > 0 && (
                <p className="secondary" data-testid="longest-segments">
                  Longest stretches: {longest.map((s) => `${s.emotion} ${clockTime(s.start)}–${clockTime(s.end)}`).join(', ')}.
                </p>
              )}
              <details open={segments.length > 1}>
                <summary>Share of the speech time where each emotion came first (the bars above are the mean probabilities)</summary>
                <ProbabilityBars emotions={summary.shares} kind="share" />
              </details>
            </div>
          )}
          {/* Two or three overlapping windows draw no useful line: a short clip is one answer. */}
          {result.windows.length > 3 ? (
            <Timeline item={item} cursor={cursor} onSeek={url ? seek : undefined} />
          ) : (
            <p className="secondary" data-testid="no-timeline">
              {result.windows.length === 1 ? 'One 3 s window' : `${result.windows.length} overlapping 3 s windows`}: too short for a timeline; the answer above is for the whole clip.
            </p>
          )}
          {url && <audio ref={audio} controls src={url} onTimeUpdate={(e) => setCursor(e.currentTarget.currentTime)} aria-label={`Play ${item.name}`} />}
          <Segments
            segments={segments}
            onSeek={url ? seek : undefined}
            teaching={teaching}
            onRelabel={teaching && item.audio ? (s, emotion) => void relabel(item.name, item.audio!, s, emotion) : undefined}
          />
          {info && (
            <div className="row">
              {exportFormats([item], info)
                .filter((f) => f.id !== 'recordings-csv')
                .map((f) => (
                  <button
                    key={f.id}
                    type="button"
                    data-testid={`export-${f.id}`}
                    aria-label={`Export ${item.name} as ${f.id === 'json' ? 'JSON' : 'a CSV of its 3 s windows'}`}
                    onClick={() => download(f.name, f.text(), f.type)}
                  >
                    {f.id === 'json' ? 'JSON' : 'Windows CSV'}
                  </button>
                ))}
            </div>
          )}
        </>
      )}
    </li>
  );
});
