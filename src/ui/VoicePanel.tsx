import { useRef, useState } from 'react';
import { EMOTIONS, type Emotion } from '../core/labels';
import { useFiles } from '../state/files';
import { useModel } from '../state/model';
import { missingEmotions } from '../core/voice/fit';
import { type ProfileEntry, useVoice } from '../state/voice';
import { BASELINE_PASSAGE, BASELINE_TARGET_SECONDS, clipsOf } from '../state/voice-teaching';
import { download } from './export';
import { percent } from './palette';

/** How a prompt names each emotion: "Say it as if you were …". */
const FEELING: Record<Emotion, string> = {
  angry: 'angry',
  disgust: 'disgusted',
  fear: 'afraid',
  happy: 'happy',
  neutral: 'calm, with no emotion',
  sad: 'sad',
  surprise: 'surprised',
};

/** A profile's state in a line: what it learned from, and how well it reads its own clips. */
function summaryOf(entry: ProfileEntry): string {
  if (!entry.profile) return entry.problem ?? 'Unreadable';
  const { baseline, clips, fit } = entry.profile;
  const parts = [baseline ? `calm baseline ${Math.round(baseline.seconds)} s` : 'no baseline', `${clips.length} taught clip${clips.length === 1 ? '' : 's'}`];
  if (!fit) parts.push('has learned nothing yet');
  return parts.join(' · ');
}

/** A ring that fills as the baseline's speech time grows. */
function ProgressRing({ fraction, label }: { fraction: number; label: string }) {
  const r = 26;
  const length = 2 * Math.PI * r;
  return (
    <svg
      className="ring"
      width="64"
      height="64"
      viewBox="0 0 64 64"
      role="img"
      aria-label={label}
      data-testid="voice-progress"
      data-fraction={fraction.toFixed(2)}
    >
      <circle cx="32" cy="32" r={r} className="ring-track" />
      <circle cx="32" cy="32" r={r} className="ring-fill" strokeDasharray={`${length * Math.min(1, fraction)} ${length}`} transform="rotate(-90 32 32)" />
    </svg>
  );
}

/** Starts a recording for the profile (`<testId>-start`), or stops this one (`<testId>-stop`). */
function RecordToggle({ recording, testId, label, onStart }: { recording: boolean; testId: string; label: string; onStart: () => Promise<void> }) {
  const voice = useVoice();
  return recording ? (
    <button type="button" className="primary recording" data-testid={`${testId}-stop`} disabled={voice.busy} onClick={() => void voice.stopRecording()}>
      Stop
    </button>
  ) : (
    <button type="button" className="primary" data-testid={`${testId}-start`} disabled={Boolean(voice.recording) || voice.busy} onClick={() => void onStart()}>
      {label}
    </button>
  );
}

function ProfileList() {
  const voice = useVoice();
  return (
    <ul className="voice-profiles" data-testid="voice-profiles">
      {voice.entries.map((entry) => (
        <li
          key={entry.id}
          className={entry.id === voice.editingId ? 'voice-profile editing' : 'voice-profile'}
          data-testid="voice-profile"
          data-name={entry.name}
          data-clips={entry.profile?.clips.length ?? 0}
          data-active={entry.id === voice.activeId}
        >
          <div>
            <strong>{entry.name}</strong>
            {entry.id === voice.activeId && <span className="badge-inline"> in use</span>}
            <p className={entry.problem ? 'error' : 'secondary'}>{summaryOf(entry)}</p>
          </div>
          <div className="row">
            <button
              type="button"
              data-testid="voice-use"
              aria-pressed={entry.id === voice.activeId}
              disabled={!entry.profile?.fit}
              onClick={() => void voice.activate(entry.id === voice.activeId ? null : entry.id)}
            >
              {entry.id === voice.activeId ? 'Stop using' : 'Use'}
            </button>
            <button type="button" data-testid="voice-edit" disabled={!entry.profile || entry.id === voice.editingId} onClick={() => voice.edit(entry.id)}>
              {entry.id === voice.editingId ? 'Teaching below' : 'Teach'}
            </button>
            <button
              type="button"
              data-testid="voice-export"
              onClick={() => download(`${entry.name}.voice.json`, voice.exportFile(entry.id), 'application/json')}
            >
              Export
            </button>
            <button
              type="button"
              data-testid="voice-delete"
              onClick={() => confirm(`Delete the voice profile "${entry.name}"?`) && void voice.remove(entry.id)}
            >
              Delete
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

function Baseline() {
  const voice = useVoice();
  const items = useFiles((s) => s.items);
  const kept = items.filter((i) => i.audio && i.status === 'done');
  const [chosen, setChosen] = useState('');
  const recording = voice.recording?.kind === 'baseline';
  const speech = voice.progress?.speechSeconds ?? 0;
  return (
    <fieldset className="settings">
      <legend>A calm baseline</legend>
      <p className="secondary">Read this aloud, calmly, for about {BASELINE_TARGET_SECONDS} s: it learns how your voice, microphone and room sound.</p>
      <blockquote className="passage">{BASELINE_PASSAGE}</blockquote>
      <div className="row">
        <RecordToggle recording={recording} testId="voice-baseline" label="Record a calm baseline" onStart={voice.startBaseline} />
        {recording && (
          <>
            <ProgressRing fraction={speech / BASELINE_TARGET_SECONDS} label={`${Math.round(speech)} of ${BASELINE_TARGET_SECONDS} s of speech`} />
            <span data-testid="voice-speech-seconds" data-seconds={speech.toFixed(1)}>
              {Math.round(speech)} of {BASELINE_TARGET_SECONDS} s of speech
            </span>
          </>
        )}
      </div>
      {kept.length > 0 && (
        <div className="row">
          <label>
            Or from a kept recording{' '}
            <select data-testid="voice-baseline-file" value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">Choose…</option>
              {kept.map((item) => (
                <option key={item.id} value={String(item.id)}>
                  {item.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={!chosen || voice.busy || Boolean(voice.recording)}
            onClick={() => {
              const item = kept.find((i) => String(i.id) === chosen);
              if (item?.audio) void voice.baselineFromFile(item.name, item.audio);
            }}
          >
            Use as baseline
          </button>
        </div>
      )}
    </fieldset>
  );
}

function Teach() {
  const voice = useVoice();
  const profile = voice.entries.find((e) => e.id === voice.editingId)?.profile;
  const recording = voice.recording?.kind === 'clip';
  const check = profile?.fit?.check;
  return (
    <fieldset className="settings">
      <legend>Teach it emotions</legend>
      <div className="row">
        <label>
          Clips of each emotion{' '}
          <select data-testid="voice-clips-per-emotion" value={voice.clipsPerEmotion} onChange={(e) => voice.setClipsPerEmotion(Number(e.target.value))}>
            {[1, 2, 3, 4].map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          data-testid="voice-teach-start"
          disabled={Boolean(voice.recording) || voice.busy || Boolean(voice.prompt)}
          onClick={() => voice.startTeaching()}
        >
          Teach it emotions
        </button>
      </div>
      {voice.prompt && (
        <div className="prompt" data-testid="voice-prompt" data-emotion={voice.prompt.emotion}>
          <p>
            Say it as if you were <strong>{FEELING[voice.prompt.emotion]}</strong>:
          </p>
          <blockquote className="passage">{voice.prompt.sentence}</blockquote>
          <div className="row">
            <RecordToggle recording={recording} testId="voice-clip" label="Record" onStart={voice.startClip} />
            {recording && (
              <span className="secondary" data-testid="voice-clip-seconds" data-seconds={(voice.progress?.speechSeconds ?? 0).toFixed(1)}>
                {(voice.progress?.seconds ?? 0).toFixed(1)} s
              </span>
            )}
            <button type="button" onClick={() => void voice.cancel()}>
              Done for now
            </button>
          </div>
        </div>
      )}
      <ul className="counts" data-testid="voice-counts" aria-label="Clips taught per emotion">
        {EMOTIONS.map((e) => (
          <li key={e} data-emotion={e} data-clips={clipsOf(profile, e)}>
            {e} <strong>{clipsOf(profile, e)}</strong>
          </li>
        ))}
      </ul>
      {profile && profile.clips.length > 0 && missingEmotions(profile).length > 0 && (
        <p className="secondary" data-testid="voice-missing">
          No clip yet of {missingEmotions(profile).join(', ')}: until it has one, a taught profile seldom answers{' '}
          {missingEmotions(profile).length === 1 ? 'it' : 'them'}.
        </p>
      )}
      {check && (
        <p data-testid="voice-check" data-profile={check.profile.toFixed(3)} data-general={check.general.toFixed(3)} data-clips={check.clips}>
          On its own {check.clips} clips, each read by the profile taught without it: <strong>{percent(check.profile)}</strong> right; the general model{' '}
          {percent(check.general)}. {check.clips < 14 ? 'Too few clips to say much: teach it more.' : ''}
        </p>
      )}
      <p className="secondary">No audio is kept: only numbers that describe each clip, in this browser.</p>
    </fieldset>
  );
}

export function VoicePanel() {
  const voice = useVoice();
  const ready = useModel((s) => s.status === 'ready');
  const heads = useModel((s) => s.info?.voiceHeads ?? false);
  const [name, setName] = useState('');
  const importInput = useRef<HTMLInputElement>(null);
  const editing = voice.entries.find((e) => e.id === voice.editingId);
  return (
    <section className="panel" aria-labelledby="voice-title" data-testid="voice-panel">
      <h2 id="voice-title">Your voice</h2>
      <p className="secondary">
        On a new voice the model is right about half the time. Teach it yours: a calm baseline, and a few clips of each emotion. It learns on this device;
        nothing leaves it.
      </p>
      {ready && !heads && <p className="error">This model cannot learn a voice.</p>}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void voice.create(name).then(() => setName(''));
        }}
      >
        <label>
          Name <input data-testid="voice-profile-name" value={name} maxLength={60} placeholder="Anna" onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" data-testid="voice-profile-create" disabled={!ready || !heads}>
          New profile
        </button>
        <button type="button" disabled={!ready} onClick={() => importInput.current?.click()}>
          Import…
        </button>
        <input
          ref={importInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="voice-import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void voice.importFile(file);
          }}
        />
      </form>
      {voice.message && (
        <p
          className={voice.message.kind === 'error' ? 'error' : 'secondary'}
          role={voice.message.kind === 'error' ? 'alert' : 'status'}
          data-testid="voice-message"
        >
          {voice.message.text}
        </p>
      )}
      <ProfileList />
      {editing?.profile && (
        <div data-testid="voice-editor" data-name={editing.name}>
          <h3>Teaching: {editing.name}</h3>
          <Baseline />
          <Teach />
        </div>
      )}
    </section>
  );
}

/** The header's line: which voice the answers are read for, and a choice of another. */
export function VoiceChoice() {
  const voice = useVoice();
  const usable = voice.entries.filter((e) => e.profile?.fit);
  const active = voice.entries.find((e) => e.id === voice.activeId);
  return (
    <label className="badge">
      Reading:{' '}
      <select data-testid="voice-choice" value={voice.activeId ?? ''} onChange={(e) => void voice.activate(e.target.value || null)}>
        <option value="">any voice</option>
        {usable.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name}&apos;s voice
          </option>
        ))}
      </select>
      <span hidden data-testid="voice-active">
        {active?.name ?? ''}
      </span>
    </label>
  );
}
