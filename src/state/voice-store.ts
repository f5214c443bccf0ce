import { create } from 'zustand';
import type { Microphone } from '../audio/microphone';
import { errorMessage } from '../core/errors';
import type { Emotion } from '../core/labels';
import { assertBaselineSeconds, mergeSpeech, speechSummary } from '../core/voice/fit';
import type { VoiceClip, VoiceProfile } from '../core/voice/profile';
import type { RecordingProgress, VoiceSample } from '../protocol';
import { type TeachPrompt, nextPrompt } from './voice-teaching';

/** A stored profile: readable by this model, or kept with why it is not (nothing is thrown away). */
export interface ProfileEntry {
  id: string;
  name: string;
  profile?: VoiceProfile;
  problem?: string;
  raw: unknown;
}

type Recording = { kind: 'baseline' } | { kind: 'clip'; prompt: TeachPrompt };

export interface VoiceState {
  entries: ProfileEntry[];
  activeId: string | null;
  /** The profile the panel works on. */
  editingId: string | null;
  /** Clips of each emotion a teaching round asks for. */
  clipsPerEmotion: number;
  prompt: TeachPrompt | null;
  recording: Recording | null;
  progress: RecordingProgress | null;
  busy: boolean;
  message: { kind: 'error' | 'info'; text: string } | null;
  restore(): Promise<void>;
  create(name: string): Promise<void>;
  edit(id: string): void;
  remove(id: string): Promise<void>;
  activate(id: string | null): Promise<void>;
  importFile(file: File): Promise<void>;
  exportFile(id: string): string;
  setClipsPerEmotion(k: number): void;
  startBaseline(): Promise<void>;
  baselineFromFile(name: string, audio: Blob): Promise<void>;
  /** Teaches the profile being taught that a part of a kept recording was `emotion`. */
  relabel(name: string, audio: Blob, part: { start: number; end: number }, emotion: Emotion): Promise<void>;
  startTeaching(): void;
  startClip(): Promise<void>;
  stopRecording(): Promise<void>;
  cancel(): Promise<void>;
}

/** What the voice store needs from outside the page's state: the worker, the microphone, the device's storage, a clock. */
export interface VoiceBridge {
  newVoiceProfile(name: string, id: string): Promise<VoiceProfile>;
  /** Checks a stored or imported profile against the loaded model (throws why it cannot be read). */
  readVoiceProfile(raw: unknown): Promise<VoiceProfile>;
  fitVoiceProfile(profile: VoiceProfile): Promise<VoiceProfile>;
  /** Reads analysis through this profile from now on; null: the general model. */
  useVoice(profile: VoiceProfile | null): Promise<void>;
  /** Whether the live analysis holds the microphone. */
  liveListening(): boolean;
  /** Opens the chosen microphone, without the browser's processing; `onEnded` fires if the device goes away. */
  openMicrophone(onEnded: () => void): Promise<Microphone>;
  startVoiceRecording(microphone: Microphone, onProgress: (progress: RecordingProgress) => void): Promise<void>;
  stopVoiceRecording(): Promise<VoiceSample>;
  cancelVoiceRecording(): Promise<void>;
  voiceSampleOfFile(audio: Blob, part?: { start: number; end: number }): Promise<VoiceSample>;
  /** The stored profiles, as [key, stored value]. */
  listProfiles(): Promise<[string, unknown][]>;
  putProfile(profile: VoiceProfile): Promise<void>;
  deleteProfile(id: string): Promise<void>;
  /** The profile in use at the last visit. */
  rememberedActive(): string | null;
  rememberActive(id: string | null): void;
  newKey(): string;
  /** Milliseconds since the epoch. */
  now(): number;
}

export const createVoiceStore = (bridge: VoiceBridge) =>
  create<VoiceState>((set, get) => {
    /** The microphone of the recording under way. */
    let microphone: Microphone | undefined;
    const entryOf = (profile: VoiceProfile): ProfileEntry => ({ id: profile.id, name: profile.name, profile, raw: profile });
    const editing = () => get().entries.find((e) => e.id === get().editingId)?.profile;
    const say = (kind: 'error' | 'info', text: string) => set({ message: { kind, text } });

    /** Stores a changed profile, and reads through it at once when it is the one in use. */
    const save = async (profile: VoiceProfile) => {
      const changed = { ...profile, updatedAt: new Date(bridge.now()).toISOString() };
      await bridge.putProfile(changed);
      set({ entries: get().entries.map((e) => (e.id === changed.id ? entryOf(changed) : e)) });
      if (get().activeId === changed.id) await bridge.useVoice(changed);
    };

    /** Fits the profile to what it now holds; a profile that cannot be fitted yet keeps its last fit. */
    const refit = async (profile: VoiceProfile): Promise<VoiceProfile> => {
      try {
        return await bridge.fitVoiceProfile(profile);
      } catch (error) {
        say('info', errorMessage(error));
        return profile;
      }
    };

    const openMic = async () => {
      if (bridge.liveListening()) throw new Error('Stop listening first: the microphone is in use by the live analysis');
      return bridge.openMicrophone(() => void get().cancel());
    };

    const record = async (recording: Recording) => {
      if (get().recording) return;
      set({ recording, progress: { seconds: 0, speechSeconds: 0, levelDb: -120 }, message: null });
      try {
        microphone = await openMic();
        await bridge.startVoiceRecording(microphone, (progress) => set({ progress }));
      } catch (error) {
        await microphone?.stop().catch(() => {});
        microphone = undefined;
        set({ recording: null, progress: null });
        say('error', errorMessage(error));
      }
    };

    /** Adds a baseline's speech (from the microphone or a kept recording) to the profile, if it holds enough. */
    const addBaseline = async (profile: VoiceProfile, sample: VoiceSample) => {
      // Checked here too: a profile with taught clips fits without its baseline, and would keep a short one.
      assertBaselineSeconds(sample.speechSeconds);
      const baseline = mergeSpeech(
        profile.baseline,
        speechSummary(
          sample.windows.map((w) => w.stats),
          sample.speechSeconds,
        ),
      );
      await save(await refit({ ...profile, baseline }));
      say('info', `Baseline kept: ${baseline.seconds.toFixed(0)} s of calm speech`);
    };

    const addClip = async (profile: VoiceProfile, clip: Omit<VoiceClip, 'id' | 'seconds' | 'windows'>, sample: VoiceSample) => {
      const taught = await refit({
        ...profile,
        clips: [...profile.clips, { ...clip, id: bridge.newKey(), seconds: sample.speechSeconds, windows: sample.windows }],
      });
      await save(taught);
      // A teaching round goes on to its next prompt; a relabelled part starts none.
      if (!get().prompt) return say('info', `Taught: this part was ${clip.emotion}`);
      set({ prompt: nextPrompt(taught, get().clipsPerEmotion) });
      const k = get().clipsPerEmotion;
      if (!get().prompt) say('info', `Taught: ${k} clip${k === 1 ? '' : 's'} of each emotion`);
    };

    return {
      entries: [],
      activeId: null,
      editingId: null,
      clipsPerEmotion: 2,
      prompt: null,
      recording: null,
      progress: null,
      busy: false,
      message: null,

      async restore() {
        let stored: [string, unknown][];
        try {
          stored = await bridge.listProfiles();
        } catch (error) {
          say('error', `The voice profiles kept in this browser could not be read (${errorMessage(error)})`);
          return;
        }
        const read = await Promise.all(
          stored.map(async ([key, raw]): Promise<ProfileEntry> => {
            const name = (raw as { name?: unknown })?.name;
            try {
              return entryOf(await bridge.readVoiceProfile(raw));
            } catch (error) {
              return { id: String(key), name: typeof name === 'string' ? name : String(key), problem: errorMessage(error), raw };
            }
          }),
        );
        read.sort((a, b) => a.name.localeCompare(b.name));
        const remembered = bridge.rememberedActive();
        const active = read.find((e) => e.id === remembered && e.profile?.fit) ? remembered : null;
        set({ entries: read, activeId: active, editingId: get().editingId ?? read[0]?.id ?? null });
        if (active) await bridge.useVoice(read.find((e) => e.id === active)!.profile!);
      },

      async create(name) {
        const trimmed = name.trim();
        if (!trimmed) return say('error', 'Give the profile a name first');
        try {
          const profile = await bridge.newVoiceProfile(trimmed, bridge.newKey());
          await bridge.putProfile(profile);
          set({
            entries: [...get().entries, entryOf(profile)],
            editingId: profile.id,
            message: { kind: 'info', text: `Profile "${trimmed}" made: now record a calm baseline, or teach it emotions` },
          });
        } catch (error) {
          say('error', errorMessage(error));
        }
      },

      edit: (id) => set({ editingId: id, prompt: null, message: null }),

      async remove(id) {
        await bridge.deleteProfile(id);
        if (get().activeId === id) await get().activate(null);
        const rest = get().entries.filter((e) => e.id !== id);
        set({ entries: rest, editingId: get().editingId === id ? (rest[0]?.id ?? null) : get().editingId, prompt: null });
      },

      async activate(id) {
        const entry = get().entries.find((e) => e.id === id);
        if (id && !entry?.profile?.fit) return say('error', entry?.problem ?? 'This profile has learned nothing yet: record a baseline or teach it first');
        await bridge.useVoice(entry?.profile ?? null);
        bridge.rememberActive(id);
        set({ activeId: id });
      },

      async importFile(file) {
        try {
          const profile = await bridge.readVoiceProfile(JSON.parse(await file.text()));
          await bridge.putProfile(profile);
          const others = get().entries.filter((e) => e.id !== profile.id);
          set({ entries: [...others, entryOf(profile)].sort((a, b) => a.name.localeCompare(b.name)), editingId: profile.id });
          say('info', `Imported "${profile.name}"`);
        } catch (error) {
          const why = error instanceof SyntaxError ? 'the file is not JSON' : errorMessage(error);
          say('error', `${file.name} was not imported: ${why}`);
        }
      },

      exportFile(id) {
        return `${JSON.stringify(get().entries.find((e) => e.id === id)?.raw ?? null)}\n`;
      },

      // A round under way asks for the new number from its next prompt on.
      setClipsPerEmotion: (k) => set({ clipsPerEmotion: k, prompt: get().prompt && editing() ? nextPrompt(editing()!, k) : null }),

      startBaseline: () => record({ kind: 'baseline' }),

      async baselineFromFile(name, audio) {
        const profile = editing();
        if (!profile) return;
        set({ busy: true, message: null });
        try {
          await addBaseline(profile, await bridge.voiceSampleOfFile(audio));
        } catch (error) {
          say('error', `${name}: ${errorMessage(error)}`);
        } finally {
          set({ busy: false });
        }
      },

      async relabel(name, audio, part, emotion) {
        const profile = editing();
        if (!profile || get().busy) return;
        set({ busy: true, message: null });
        try {
          const label = `${name}, ${part.start.toFixed(1)}-${part.end.toFixed(1)} s`;
          await addClip(profile, { emotion, source: 'relabelled', label }, await bridge.voiceSampleOfFile(audio, part));
        } catch (error) {
          say('error', `${name}: ${errorMessage(error)}`);
        } finally {
          set({ busy: false });
        }
      },

      startTeaching() {
        const profile = editing();
        if (!profile) return;
        const prompt = nextPrompt(profile, get().clipsPerEmotion);
        set({
          prompt,
          message: prompt ? null : { kind: 'info', text: `It has ${get().clipsPerEmotion} clips of each emotion already: raise the number to teach more` },
        });
      },

      startClip() {
        const prompt = get().prompt;
        return prompt ? record({ kind: 'clip', prompt }) : Promise.resolve();
      },

      async stopRecording() {
        const { recording } = get();
        const profile = editing();
        if (!recording) return;
        set({ busy: true });
        const mic = microphone;
        microphone = undefined;
        try {
          await mic?.stop();
          const sample = await bridge.stopVoiceRecording();
          if (!profile) return;
          if (recording.kind === 'baseline') await addBaseline(profile, sample);
          else await addClip(profile, { emotion: recording.prompt.emotion, source: 'taught', label: recording.prompt.sentence }, sample);
        } catch (error) {
          const again = recording.kind === 'clip' ? ': say the sentence again' : '';
          say('error', `${errorMessage(error)}${again}`);
        } finally {
          set({ recording: null, progress: null, busy: false });
        }
      },

      async cancel() {
        const mic = microphone;
        microphone = undefined;
        await mic?.stop().catch(() => {});
        await bridge.cancelVoiceRecording();
        set({ recording: null, progress: null, prompt: null, busy: false });
      },
    };
  });
