import { create } from 'zustand';
import { type BackendPlan, raceResult } from '../app/backend-choice';
import { errorMessage } from '../core/errors';
import type { BackendName, BackendTiming, ModelInfo } from '../protocol';

export interface ModelState {
  status: 'loading' | 'ready' | 'error';
  info?: ModelInfo;
  error?: string;
  load(): Promise<void>;
}

/** What the model store needs from outside the page's state: the worker, a worker to race backends in, and the device's memory. */
export interface ModelBridge {
  /** The worker's load; `onChange` hears of later moves (and failed ones) to other backends. */
  load(backends: BackendName[], onChange: (info: ModelInfo) => void): Promise<ModelInfo>;
  moveTo(backend: BackendName, notes: string[]): Promise<void>;
  /** Times the model on each of `backends` in a worker of its own. */
  timeBackends(backends: BackendName[]): Promise<BackendTiming[]>;
  /** How to start the model on this device (`planBackends`). */
  plan(): BackendPlan;
  /** Remembers which backend won on this device, so later starts go straight to it. */
  rememberFastest(backend: BackendName): void;
}

/** The model and the tfjs backend it runs on. */
export const createModelStore = (bridge: ModelBridge) =>
  create<ModelState>((set, get) => {
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
        const { fastest, notes } = raceResult(await bridge.timeBackends(backends));
        if (!fastest) return unfinished(`timed nothing (${notes.join('; ')})`);
        if (fastest !== running.backend) await bridge.moveTo(fastest, notes);
        else notes.forEach(passOver);
        bridge.rememberFastest(fastest);
      } catch (error) {
        unfinished(`failed (${errorMessage(error)})`);
      }
    };

    /** The load under way: a second call (React runs effects twice in development) joins it rather than racing it. */
    let loading: Promise<void> | undefined;
    const load = async () => {
      set({ status: 'loading', error: undefined });
      try {
        const { order, race: racing } = bridge.plan();
        const info = await bridge.load(order, (next) => set({ info: next }));
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

export type ModelStore = ReturnType<typeof createModelStore>;

/** Resolves once the store's model is ready; rejects with the load error if it failed. */
export function whenReady(store: ModelStore): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (state: ModelState) => {
      if (state.status === 'ready') resolve();
      else if (state.status === 'error') reject(new Error(`The model is not available: ${state.error}`));
      else return false;
      return true;
    };
    if (check(store.getState())) return;
    const unsubscribe = store.subscribe((state) => {
      if (check(state)) unsubscribe();
    });
  });
}
