import { argmaxKey } from '../core/labels';
import { HISTORY_SECONDS, type LiveStatus, useLive } from '../state/live';
import { useModel } from '../state/model';
import { LiveChart } from './LiveChart';
import { ProbabilityBars } from './ProbabilityBars';
import { percent } from './palette';

const STATUS_TEXT: Record<LiveStatus, string> = {
  idle: 'Not listening',
  starting: 'Starting the microphone…',
  listening: 'Listening…',
  speech: 'Speech',
  silence: 'Silence: waiting for speech',
  error: 'Microphone error',
};

/** The data-state of the live status: `starting` shows as listening to the outside. */
const testState = (status: LiveStatus) => (status === 'starting' ? 'listening' : status);

export function LivePanel() {
  const live = useLive();
  const ready = useModel((s) => s.status === 'ready');
  const active = live.status !== 'idle' && live.status !== 'error';
  const level = Math.max(0, Math.min(1, (live.levelDb + 60) / 60));

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
        <p className="status" data-testid="live-status" data-state={testState(live.status)} role="status">
          {STATUS_TEXT[live.status]}
        </p>
      </div>
      {live.error && (
        <p className="error" role="alert">
          {live.error}
        </p>
      )}
      <label className="meter">
        Input level
        <meter min={0} max={1} low={0.2} high={0.9} value={level} aria-valuetext={`${Math.round(live.levelDb)} dBFS`} />
      </label>
      <ProbabilityBars emotions={live.emotions} testId="live-probabilities" />
      <p className="secondary">
        Voice: {live.female === null ? '–' : live.female >= 0.5 ? `female (${percent(live.female)})` : `male (${percent(1 - live.female)})`}
      </p>
      <figure className="chart">
        <LiveChart history={live.history} />
        <figcaption>
          Probabilities over the last {HISTORY_SECONDS} s.{' '}
          {live.emotions ? `Now: ${argmaxKey(live.emotions)} (${percent(live.emotions[argmaxKey(live.emotions)])}).` : 'No speech yet.'}
        </figcaption>
      </figure>
      <fieldset className="settings">
        <legend>Settings</legend>
        <label>
          <input type="checkbox" checked={live.smoothing} onChange={(e) => live.setSmoothing(e.target.checked)} /> Smooth the probabilities
        </label>
        <label>
          <input type="checkbox" checked={live.processing} disabled={active} onChange={(e) => live.setProcessing(e.target.checked)} /> Browser noise suppression, echo
          cancellation and auto gain (off: the model hears what it was trained on)
        </label>
      </fieldset>
    </section>
  );
}
