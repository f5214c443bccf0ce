import { describe, expect, it, vi } from 'vitest';
import type { Microphone } from '../audio/microphone';
import { CLASS_LABELS } from '../core/labels';
import { type VoiceProfile, createVoiceProfile } from '../core/voice/profile';
import type { RecordingProgress, VoiceSample } from '../protocol';
import { type VoiceBridge, createVoiceStore } from './voice-store';

const tie = { trainedAt: '2026-11-30T00:00:00.000Z', codeVersion: 'test', featureVersion: 1 };
const settle = () => new Promise((r) => setTimeout(r, 0));

/** What the worker gives of `speechSeconds` of speech: windows of flat probabilities. */
const sample = (speechSeconds: number): VoiceSample => ({
  windows: [{ probs: CLASS_LABELS.map(() => 1 / CLASS_LABELS.length), stats: [speechSeconds, 1] }],
  speechSeconds,
  seconds: speechSeconds + 2,
});

/** A bridge with profiles in a Map, a fit that needs a baseline or a clip, and a microphone the test controls. */
function fakeBridge(stored: [string, unknown][] = []) {
  const kept = new Map<string, unknown>(stored);
  const microphone = { label: 'Test microphone', sampleRate: 48000, port: {} as MessagePort, stop: vi.fn(() => Promise.resolve()) };
  const heard: { onProgress?: (p: RecordingProgress) => void; onEnded?: () => void; next: VoiceSample } = { next: sample(20) };
  const state = { live: false, remembered: null as string | null, listFails: false };
  let key = 0;
  const bridge = {
    newVoiceProfile: async (name: string, id: string) => createVoiceProfile(name, tie, id),
    readVoiceProfile: async (raw: unknown) => {
      if ((raw as { format?: string })?.format !== 'emotion-lens-voice/1') throw new Error('This is not a voice profile');
      return raw as VoiceProfile;
    },
    fitVoiceProfile: async (profile: VoiceProfile) => {
      if (!profile.baseline && profile.clips.length === 0) throw new Error('Nothing to learn from yet');
      return { ...profile, fit: { centre: profile.baseline ? ('calm' as const) : ('mixed' as const), mean: [0, 0] } };
    },
    useVoice: vi.fn(async (_profile: VoiceProfile | null) => {}),
    liveListening: () => state.live,
    openMicrophone: vi.fn(async (onEnded: () => void) => ((heard.onEnded = onEnded), microphone as Microphone)),
    startVoiceRecording: vi.fn(async (_mic: Microphone, onProgress: (p: RecordingProgress) => void) => void (heard.onProgress = onProgress)),
    stopVoiceRecording: vi.fn(async () => heard.next),
    cancelVoiceRecording: vi.fn(async () => {}),
    voiceSampleOfFile: vi.fn(async (_audio: Blob, _part?: { start: number; end: number }) => heard.next),
    listProfiles: async () => {
      if (state.listFails) throw new Error('IndexedDB is not available');
      return [...kept.entries()];
    },
    putProfile: vi.fn(async (profile: VoiceProfile) => void kept.set(profile.id, profile)),
    deleteProfile: vi.fn(async (id: string) => void kept.delete(id)),
    rememberedActive: () => state.remembered,
    rememberActive: vi.fn((id: string | null) => void (state.remembered = id)),
    newKey: () => `k${++key}`,
    now: () => Date.parse('2026-12-01T12:00:00Z'),
  } satisfies VoiceBridge;
  return { bridge, kept, microphone, heard, state };
}

/** A store with one new profile, being edited. */
async function withProfile(fake = fakeBridge()) {
  const store = createVoiceStore(fake.bridge);
  await store.getState().restore();
  await store.getState().create('  Ana  ');
  return { store, ...fake, profile: () => store.getState().entries[0].profile! };
}

describe('the voice store', () => {
  it('restores the kept profiles by name, keeping an unreadable one with why, and reads through the one in use', async () => {
    const fitted = { ...createVoiceProfile('Zoe', tie, 'z'), fit: { centre: 'calm' as const, mean: [0] } };
    const fake = fakeBridge([
      ['z', fitted],
      ['b', { name: 'Bea', format: 'other' }],
    ]);
    fake.state.remembered = 'z';
    const store = createVoiceStore(fake.bridge);
    await store.getState().restore();
    const { entries, activeId } = store.getState();
    expect(entries.map((e) => [e.name, e.problem])).toEqual([
      ['Bea', 'This is not a voice profile'],
      ['Zoe', undefined],
    ]);
    expect(activeId).toBe('z');
    expect(fake.bridge.useVoice).toHaveBeenCalledWith(fitted);
    // Nothing was written: a profile it cannot read stays as it was kept.
    expect(fake.bridge.putProfile).not.toHaveBeenCalled();
  });

  it('says so when the kept profiles cannot be read, and writes nothing over them', async () => {
    const fake = fakeBridge();
    fake.state.listFails = true;
    const store = createVoiceStore(fake.bridge);
    await store.getState().restore();
    expect(store.getState().message).toEqual({ kind: 'error', text: 'The voice profiles kept in this browser could not be read (IndexedDB is not available)' });
    expect(fake.bridge.putProfile).not.toHaveBeenCalled();
  });

  it('makes a profile only with a name, keeps it and edits it', async () => {
    const fake = fakeBridge();
    const store = createVoiceStore(fake.bridge);
    await store.getState().create('   ');
    expect(store.getState().message).toEqual({ kind: 'error', text: 'Give the profile a name first' });
    await store.getState().create('  Ana  ');
    const [entry] = store.getState().entries;
    expect(entry.name).toBe('Ana');
    expect(store.getState().editingId).toBe(entry.id);
    expect(fake.kept.get(entry.id)).toMatchObject({ name: 'Ana', clips: [] });
  });

  it('records a baseline from the microphone, showing its progress, and keeps it fitted', async () => {
    const { store, bridge, heard, microphone, kept, profile } = await withProfile();
    await store.getState().startBaseline();
    expect(store.getState().recording).toEqual({ kind: 'baseline' });
    heard.onProgress!({ seconds: 4, speechSeconds: 3, levelDb: -25 });
    expect(store.getState().progress).toEqual({ seconds: 4, speechSeconds: 3, levelDb: -25 });
    await store.getState().stopRecording();
    expect(microphone.stop).toHaveBeenCalledOnce();
    expect(bridge.stopVoiceRecording).toHaveBeenCalledOnce();
    expect(profile()).toMatchObject({ baseline: { seconds: 20, windows: 1 }, fit: { centre: 'calm' }, updatedAt: '2026-12-01T12:00:00.000Z' });
    expect(kept.get(profile().id)).toEqual(profile());
    expect(store.getState()).toMatchObject({
      recording: null,
      progress: null,
      busy: false,
      message: { kind: 'info', text: 'Baseline kept: 20 s of calm speech' },
    });
  });

  it('refuses a baseline with too little speech and keeps the profile as it was', async () => {
    const { store, heard, kept, profile } = await withProfile();
    heard.next = sample(4);
    await store.getState().startBaseline();
    await store.getState().stopRecording();
    expect(store.getState().message?.kind).toBe('error');
    expect(store.getState().message?.text).toMatch(/holds 4 s of speech; it needs at least 10 s/);
    expect(profile().baseline).toBeUndefined();
    expect((kept.get(profile().id) as VoiceProfile).baseline).toBeUndefined();
  });

  it('walks a teaching round prompt by prompt, and says when every emotion has its clips', async () => {
    const { store, profile } = await withProfile();
    store.getState().setClipsPerEmotion(1);
    store.getState().startTeaching();
    const asked: string[] = [];
    while (store.getState().prompt) {
      asked.push(store.getState().prompt!.emotion);
      await store.getState().startClip();
      await store.getState().stopRecording();
    }
    expect(asked).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise']);
    expect(profile().clips.map((c) => [c.emotion, c.source])).toEqual(asked.map((e) => [e, 'taught']));
    expect(store.getState().message).toEqual({ kind: 'info', text: 'Taught: 1 clip of each emotion' });
  });

  it('reads through a profile in use again each time it changes', async () => {
    const { store, bridge, profile } = await withProfile();
    await store.getState().activate(profile().id);
    expect(store.getState().message).toEqual({ kind: 'error', text: 'This profile has learned nothing yet: record a baseline or teach it first' });
    expect(store.getState().activeId).toBeNull();
    await store.getState().relabel('talk.wav', new Blob(), { start: 1, end: 4 }, 'sad');
    expect(profile().clips[0]).toMatchObject({ emotion: 'sad', source: 'relabelled', label: 'talk.wav, 1.0-4.0 s' });
    await store.getState().activate(profile().id);
    expect(store.getState().activeId).toBe(profile().id);
    expect(bridge.rememberActive).toHaveBeenLastCalledWith(profile().id);
    await store.getState().baselineFromFile('calm.wav', new Blob());
    expect(bridge.useVoice).toHaveBeenLastCalledWith(profile());
    expect(profile().baseline?.seconds).toBe(20);
  });

  it('will not record while the live analysis holds the microphone', async () => {
    const { store, bridge, state } = await withProfile();
    state.live = true;
    await store.getState().startBaseline();
    expect(bridge.openMicrophone).not.toHaveBeenCalled();
    expect(store.getState()).toMatchObject({
      recording: null,
      message: { kind: 'error', text: 'Stop listening first: the microphone is in use by the live analysis' },
    });
  });

  it('a microphone that goes away cancels the recording and closes it', async () => {
    const { store, bridge, heard, microphone } = await withProfile();
    await store.getState().startBaseline();
    heard.onEnded!();
    await settle();
    expect(microphone.stop).toHaveBeenCalledOnce();
    expect(bridge.cancelVoiceRecording).toHaveBeenCalledOnce();
    expect(store.getState().recording).toBeNull();
  });

  it('imports a profile file, and says why one is refused', async () => {
    const { store, kept } = await withProfile();
    const other = createVoiceProfile('Bob', tie, 'bob');
    await store.getState().importFile(new File([JSON.stringify(other)], 'bob.json'));
    expect(store.getState().entries.map((e) => e.name)).toEqual(['Ana', 'Bob']);
    expect(kept.has('bob')).toBe(true);
    await store.getState().importFile(new File(['not json'], 'notes.txt'));
    expect(store.getState().message).toEqual({ kind: 'error', text: 'notes.txt was not imported: the file is not JSON' });
    expect(JSON.parse(store.getState().exportFile('bob'))).toEqual(other);
  });

  it('deleting the profile in use returns to the general model', async () => {
    const { store, bridge, kept, profile } = await withProfile();
    await store.getState().relabel('talk.wav', new Blob(), { start: 0, end: 3 }, 'happy');
    const id = profile().id;
    await store.getState().activate(id);
    await store.getState().remove(id);
    expect(kept.has(id)).toBe(false);
    expect(bridge.useVoice).toHaveBeenLastCalledWith(null);
    expect(store.getState()).toMatchObject({ activeId: null, entries: [], editingId: null });
  });
});
