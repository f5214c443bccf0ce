import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { AnalysisStage } from '../core/classify';
import { EMOTIONS, type Emotion } from '../core/labels';
import { DEFAULT_UNCERTAIN_BELOW, readoutText } from '../core/readout';
import { type Block, type Utterance, type UtteranceSummary, answerOf, countsText } from '../core/utterances';
import { clockTime } from '../core/time';
import { type FileItem, useFiles } from '../state/files';
import { useModel } from '../state/model';
import { useVoice } from '../state/voice';
import { ProbabilityBars } from './ProbabilityBars';
import { download, exportFormats } from './export';
import { Swatch } from './Swatch';
import { STATUS_TEXT } from './status-text';
import { summaryOf } from './summaries';
import { Timeline } from './Timeline';

const STAGE_TEXT: Record<AnalysisStage, string> = { decoding: 'decoding', speech: 'finding the speech', windows: 'reading the emotions' };

/** "42%: decoding, about 0:12 left" once there is enough to extrapolate from. */
function progressText({ progress, startedAt, stage }: FileItem): string {
  const done = `${Math.floor(progress * 100)}%${stage ? `: ${STAGE_TEXT[stage]}` : ''}`;
  const elapsed = startedAt === undefined ? 0 : (performance.now() - startedAt) / 1000;
  if (progress < 0.05 || elapsed < 2) return `${done}, estimating the time left…`;
  return `${done}, about ${clockTime((elapsed * (1 - progress)) / progress)} left`;
}

/** The share of the utterances with each emotion for an answer (uncertain ones are in none). */
const shares = ({ counts, utterances }: UtteranceSummary) =>
  Object.fromEntries(EMOTIONS.map((e) => [e, counts[e] / utterances.length])) as Record<Emotion, number>;

const channelText = (n: number) => (n === 1 ? 'mono' : n === 2 ? 'stereo' : `${n} channels`);

/** A time span as a button that plays the recording from its start, or as text without audio. */
function Seekable({
  start,
  onSeek,
  children,
  ...hooks
}: {
  start: number;
  onSeek?: (seconds: number) => void;
  children: React.ReactNode;
  [hook: `data-${string}`]: string | number;
}) {
  return onSeek ? (
    <button type="button" className="link" {...hooks} onClick={() => onSeek(start)}>
      {children}
    </button>
  ) : (
    <span {...hooks}>{children}</span>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Runs of utterances of mostly one answer, in order. */
function Blocks({ blocks, onSeek }: { blocks: Block[]; onSeek?: (seconds: number) => void }) {
  return (
    <details className="segments" open={blocks.length > 1 && blocks.length <= 12}>
      <summary>
        {plural(blocks.length, 'block')} of mostly one answer{onSeek && ' (click one to play it)'}
      </summary>
      <ol>
        {blocks.map((b) => (
          <li key={b.start}>
            <Seekable start={b.start} onSeek={onSeek} data-testid="segment" data-emotion={b.emotion ?? 'uncertain'} data-start={b.start} data-end={b.end}>
              <Swatch emotion={b.emotion} />
              {clockTime(b.start)}–{clockTime(b.end)} {b.agreeing < b.utterances && 'mostly '}
              {b.emotion ?? 'uncertain'},{' '}
              {b.agreeing < b.utterances ? `${b.agreeing} of ${plural(b.utterances, 'utterance')}` : plural(b.utterances, 'utterance')}
            </Seekable>
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Every utterance with its answer; while a voice profile is taught, each can teach it what it really was. */
function Utterances({
  utterances,
  onSeek,
  teaching,
  onRelabel,
}: {
  utterances: Utterance[];
  onSeek?: (seconds: number) => void;
  teaching?: string;
  onRelabel?: (part: Utterance, emotion: Emotion) => void;
}) {
  return (
    <details className="segments" open={utterances.length <= 12 || Boolean(onRelabel)}>
      <summary>
        {plural(utterances.length, 'utterance')}, each with the answer of its windows{onSeek && ' (click one to play it)'}
      </summary>
      <ol>
        {utterances.map((u) => (
          <li key={u.start}>
            <Seekable
              start={u.start}
              onSeek={onSeek}
              data-testid="utterance"
              data-emotion={answerOf(u)}
              data-start={u.start}
              data-end={u.end}
              data-confidence={u.confidence}
            >
              <Swatch emotion={u.emotion} />
              {clockTime(u.start)}–{clockTime(u.end)} {readoutText(u)}
            </Seekable>
            {onRelabel && (
              <select
                className="relabel"
                data-testid="segment-relabel"
                aria-label={`What ${clockTime(u.start)}–${clockTime(u.end)} really was, to teach ${teaching}'s voice profile`}
                value=""
                onChange={(e) => e.target.value && onRelabel(u, e.target.value as Emotion)}
              >
                <option value="">Teach {teaching}: this was…</option>
                {EMOTIONS.map((emotion) => (
                  <option key={emotion} value={emotion}>
                    {emotion}
                  </option>
                ))}
              </select>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}

/**
 * One dropped file: its progress, then its result, timeline and playback; or its error. Memoised: the
 * store replaces only the item that changed, so a progress tick re-renders that file's card alone.
 */
export const FileResult = memo(function FileResult({ item, onClose }: { item: FileItem; onClose?: (item: FileItem) => void }) {
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
  const summary = summaryOf(item, uncertainBelow);
  const overall = summary?.overall;
  const audio = useRef<HTMLAudioElement>(null);
  const seek = (seconds: number) => {
    if (!audio.current) return;
    audio.current.currentTime = seconds;
    void audio.current.play();
  };

  return (
    <li
      className="file"
      id={`recording-${item.id}`}
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
        {onClose && (
          <button type="button" aria-label={`Close ${item.name}'s card`} onClick={() => onClose(item)}>
            Close
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
          {/* A group, not a landmark: two recordings of one name would make two landmarks of one name. */}
          {summary && (
            <div
              role="group"
              className="file-summary"
              data-testid="file-summary"
              data-speech-seconds={summary.speechSeconds}
              data-uncertain-share={summary.utterances.length ? summary.counts.uncertain / summary.utterances.length : 0}
              aria-label={`Summary of ${item.name}`}
            >
              <p className="secondary" data-testid="utterance-counts">
                {countsText(summary.counts)}. Each utterance gets the answer of the mean of its 3 s windows; the recording&apos;s answer is its most common one.
              </p>
              <p className="secondary" data-testid="speech-time">
                Speech {clockTime(summary.speechSeconds)} of {clockTime(item.analysis.duration)} (silence, noise and music left out)
                {result.speech &&
                  result.speech.classifiedSeconds + 0.5 < result.speech.detectedSeconds &&
                  `; ${(result.speech.detectedSeconds - result.speech.classifiedSeconds).toFixed(1)} s of speech heard outside any classified window`}
                .
              </p>
              {summary.utterances.length > 1 && (
                <>
                  <p className="subhead">Share of the utterances with each answer</p>
                  <ProbabilityBars emotions={shares(summary)} kind="share" />
                </>
              )}
            </div>
          )}
          {/* Two or three overlapping windows draw no useful line: a short clip is one answer. */}
          {result.windows.length > 3 && summary ? (
            <Timeline
              windows={result.windows}
              utterances={summary.utterances}
              duration={item.analysis.duration}
              cursor={cursor}
              onSeek={url ? seek : undefined}
            />
          ) : (
            <p className="secondary" data-testid="no-timeline">
              {result.windows.length === 1 ? 'One 3 s window' : `${result.windows.length} overlapping 3 s windows`}: too short for a timeline; the answer above
              is for the whole clip.
            </p>
          )}
          {url && <audio ref={audio} controls src={url} onTimeUpdate={(e) => setCursor(e.currentTarget.currentTime)} aria-label={`Play ${item.name}`} />}
          {summary && summary.blocks.length > 0 && <Blocks blocks={summary.blocks} onSeek={url ? seek : undefined} />}
          {summary && (
            <Utterances
              utterances={summary.utterances}
              onSeek={url ? seek : undefined}
              teaching={teaching}
              onRelabel={teaching && item.audio ? (u, emotion) => void relabel(item.name, item.audio!, u, emotion) : undefined}
            />
          )}
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
