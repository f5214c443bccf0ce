import { errorMessage } from '../core/errors';
import { proxy } from 'comlink';
import { create } from 'zustand';
import { raceResult } from '../app/backend-choice';
import { MODEL_BASE, analysis, backendPlan, rememberFastest, timeBackends } from '../app/client';
import type { ModelInfo } from '../worker/analysis';
import type { BackendName } from '../worker/backend-names';

interface ModelState {
  status: 'loading' | 'ready' | 'error';
  info?: ModelInfo;
  error?: string;
  load(): Promise<void>;
}

/** The model and the tfjs backend it runs on. */
export const useModel = create<ModelState>((set, get) => {
  /** Adds a line to the model card's list of backends passed over. */
  const passOver = (note: string) => {
    const { info } = get();
    if (info) set({ info: { ...info, skippedBackends: [...info.skippedBackends, note] } });
  };

  /**
   * Races `backends` in the background and remembers the fastest for later starts; when it is not the one
   * running, the worker moves the model to it at its next use (and reports the move). A race that timed
   * nothing (the model files out of reach, say) is run again at the next visit rather than remembered.
   */
  const race = async (running: ModelInfo, backends: BackendName[]) => {
    const unfinished = (why: string) => passOver(`the race of ${backends.join(' and ')} ${why}; it runs again at the next visit`);
    try {
      const { fastest, notes } = raceResult(await timeBackends(backends));
      if (!fastest) return unfinished(`timed nothing (${notes.join('; ')})`);
      if (fastest !== running.backend) await analysis.moveTo(fastest, notes);
      else notes.forEach(passOver);
      rememberFastest(fastest);
    } catch (error) {
      unfinished(`failed (${errorMessage(error)})`);
    }
  };

  /** The load under way: a second call (React runs effects twice in development) joins it rather than racing it. */
  let loading: Promise<void> | undefined;
  const load = async () => {
    set({ status: 'loading', error: undefined });
    try {
      const { order, race: racing } = backendPlan();
      // The worker reports a later move to another backend (WebGL lost mid-session, or found faster).
      const info = await analysis.load(
        MODEL_BASE,
        order,
        proxy((next: ModelInfo) => set({ info: next })),
      );
      set({ status: 'ready', info });
      if (racing) void race(info, racing);
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  };

  return {
    status: 'loading',
    load: () =>
      (loading ??= load().finally(() => {
        loading = undefined;
      })),
  };
});

/** Resolves once the model is ready; rejects with the load error if it failed. */
export function whenModelReady(): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (state: ModelState) => {
      if (state.status === 'ready') resolve();
      else if (state.status === 'error') reject(new Error(`The model is not available: ${state.error}`));
      else return false;
      return true;
    };
    if (check(useModel.getState())) return;
    const unsubscribe = useModel.subscribe((state) => {
      if (check(state)) unsubscribe();
    });
  });
}
