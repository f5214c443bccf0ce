import { proxy, transfer } from 'comlink';
import { analysis } from '../app/client';
import { openMicrophone } from '../audio/microphone';
import { useFiles } from './files';
import { createLiveStore } from './live-store';
import { deviceToOpen, useMicrophones } from './microphones';

export { FRESH_SECONDS, HISTORY_SECONDS, type LivePoint, type LiveStatus, isStale } from './live-store';

/** The page's live session: the live store over the chosen microphone, the analysis worker and the recordings. */
export const useLive = createLiveStore({
  async openMicrophone(processing, onEnded) {
    const microphones = useMicrophones.getState();
    const opened = await openMicrophone({ processing, deviceId: deviceToOpen(microphones) }, onEnded);
    // The first use of a microphone is when browsers start to name their devices.
    void microphones.refresh();
    return opened;
  },
  // The port moves to the worker: audio goes from the audio thread straight to the analysis.
  startLive: ({ port, sampleRate }, onUpdate) => analysis.startLive(transfer(port, [port]), sampleRate, proxy(onUpdate)),
  stopLive: () => analysis.stopLive(),
  keepSession: (name, session) => useFiles.getState().addSession(name, session),
  now: () => performance.timeOrigin + performance.now(),
});
