import { readout, readoutText } from '../core/readout';
import { useEffect } from 'react';
import { HISTORY_SECONDS, type LiveStatus, isStale, useLive } from '../state/live';
import { deviceToOpen, preferredMissing, useMicrophones } from '../state/microphones';
import { useModel } from '../state/model';
import { LiveChart } from './LiveChart';
import { ProbabilityBars } from './ProbabilityBars';
import { percent } from './palette';

const STATUS_TEXT: Record<LiveStatus, string> = {
  idle: 'Not listening',
  starting: 'Starting the microphone…',
  listening: 'Listening…',
  speech: 'Speech',
  silence: 'No speech: waiting for a voice',
  error: 'Microphone error',
};

/** The data-state of the live status: `starting` shows as listening to the outside. */
const testState = (status: LiveStatus) => (status === 'starting' ? 'listening' : status);

export function LivePanel() {
  const live = useLive();
  const ready = useModel((s) => s.status === 'ready');
  const uncertainBelow = useModel((s) => s.info?.uncertainBelow ?? 0.5);
  const stale = isStale(live);
  const now = live.emotions && readout(live.emotions, uncertainBelow);
  const active = live.status !== 'idle' && live.status !== 'error';
  const level = Math.max(0, Math.min(1, (live.levelDb + 60) / 60));
  const microphones = useMicrophones();
  const refreshMicrophones = microphones.refresh;
  useEffect(() => void refreshMicrophones(), [refreshMicrophones]);

  return (
    <section className="panel" aria-labelledby="live-title">
      <h2 id="live-title">Live microphone</h2>
      <div className="row">
        <button
          type="button"
          className={active ? 'primary recording' : 'primary'}
          data-testid="record-toggle"
          aria-pressed={active}
          disabled={!ready && !active}
          onClick={() => void (active ? live.stop() : live.start())}
        >
          {active ? 'Stop' : 'Start listening'}
        </button>
        <p className="status" data-testid="live-status" data-state={testState(live.status)} data-seconds={live.clock.toFixed(1)} role="status">
          {STATUS_TEXT[live.status]}
        </p>
      </div>
      {active && live.input && (
        <p className="secondary" data-testid="live-input">
          Hearing: {live.input}
        </p>
      )}
      {live.error && (
        <p className="error" role="alert">
          {live.error}
        </p>
      )}
      <label className="meter">
        Input level
        <meter min={0} max={1} low={0.2} high={0.9} value={level} aria-valuetext={`${Math.round(live.levelDb)} dBFS`} />
      </label>
      <p
        className={`now${stale ? ' stale' : ''}${now && !now.emotion ? ' uncertain' : ''}`}
        data-testid="live-now"
        data-emotion={now ? (now.emotion ?? 'uncertain') : ''}
        aria-live="polite"
      >
        {!now && (active ? 'No speech yet' : '–')}
        {now && !stale && readoutText(now)}
        {now && stale && (
          <>
            {readoutText(now)}
            <span className="secondary"> · {active ? `last speech ${Math.round(live.clock - (live.lastSpeechAt ?? 0))} s ago` : 'stopped'}</span>
          </>
        )}
      </p>
      <ProbabilityBars emotions={live.emotions} testId="live-probabilities" stale={stale} />
      <p className="secondary">
        Voice: {live.female === null ? '–' : live.female >= 0.5 ? `female (${percent(live.female)})` : `male (${percent(1 - live.female)})`}
      </p>
      <figure className="chart">
        <LiveChart history={live.history} />
        <figcaption>Probabilities over the last {HISTORY_SECONDS} s; gaps are silence.</figcaption>
      </figure>
      <fieldset className="settings">
        <legend>Settings</legend>
        <label>
          Microphone{' '}
          <select
            data-testid="microphone-choice"
            value={deviceToOpen(microphones) ?? ''}
            disabled={active}
            onChange={(e) => microphones.choose(e.target.value || undefined)}
          >
            <option value="">Default microphone</option>
            {microphones.devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        {preferredMissing(microphones) && (
          <p className="secondary" data-testid="microphone-missing">
            The microphone chosen before is not connected: the default one is used until it is.
          </p>
        )}
        <label>
          <input type="checkbox" checked={live.smoothing} onChange={(e) => live.setSmoothing(e.target.checked)} /> Smooth the probabilities
        </label>
        <label>
          <input type="checkbox" checked={live.processing} disabled={active} onChange={(e) => live.setProcessing(e.target.checked)} /> Browser noise
          suppression, echo cancellation and auto gain (off: the model hears what it was trained on)
        </label>
      </fieldset>
    </section>
  );
}
