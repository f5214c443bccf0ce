import { proxy, transfer } from 'comlink';
import { createStore, del, entries, set as put } from 'idb-keyval';
import { analysis } from '../app/client';
import { openMicrophone } from '../audio/microphone';
import { useLive } from './live';
import { deviceToOpen, useMicrophones } from './microphones';
import { newRecordingKey } from './persist';
import { createVoiceStore } from './voice-store';

export type { ProfileEntry } from './voice-store';

/** Profiles are kept in this browser's IndexedDB, one entry each: a family may share the device. */
const profiles = createStore('emotion-lens-voices', 'profiles');
/** The profile in use, kept across visits. */
const ACTIVE_KEY = 'emotion-lens.voice';

/** The page's voice profiles: the voice store over the analysis worker, the chosen microphone, IndexedDB and localStorage. */
export const useVoice = createVoiceStore({
  newVoiceProfile: (name, id) => analysis.newVoiceProfile(name, id),
  readVoiceProfile: (raw) => analysis.readVoiceProfile(raw),
  fitVoiceProfile: (profile) => analysis.fitVoiceProfile(profile),
  useVoice: (profile) => analysis.useVoice(profile),
  liveListening: () => !['idle', 'error'].includes(useLive.getState().status),
  openMicrophone: (onEnded) => openMicrophone({ processing: false, deviceId: deviceToOpen(useMicrophones.getState()) }, onEnded),
  // The port moves to the worker: the clip goes from the audio thread straight to the analysis.
  startVoiceRecording: ({ port, sampleRate }, onProgress) => analysis.startVoiceRecording(transfer(port, [port]), sampleRate, proxy(onProgress)),
  stopVoiceRecording: () => analysis.stopVoiceRecording(),
  cancelVoiceRecording: () => analysis.cancelVoiceRecording(),
  voiceSampleOfFile: (audio, part) => analysis.voiceSampleOfFile(audio, part),
  listProfiles: async () => (await entries(profiles)).map(([key, value]) => [String(key), value]),
  putProfile: (profile) => put(profile.id, profile, profiles),
  deleteProfile: (id) => del(id, profiles),
  rememberedActive() {
    try {
      return localStorage.getItem(ACTIVE_KEY);
    } catch {
      return null;
    }
  },
  rememberActive(id) {
    try {
      if (id) localStorage.setItem(ACTIVE_KEY, id);
      else localStorage.removeItem(ACTIVE_KEY);
    } catch {
      // Private modes may refuse storage: the choice then lasts this visit.
    }
  },
  newKey: newRecordingKey,
  now: () => Date.now(),
});
