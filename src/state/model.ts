import { errorMessage } from '../core/errors';
import { proxy } from 'comlink';
import { create } from 'zustand';
import { MODEL_BASE, analysis, backendChoice, rememberFastest } from '../app/client';
import type { ModelInfo } from '../worker/analysis.worker';

interface ModelState {
  status: 'loading' | 'ready' | 'error';
  info?: ModelInfo;
  error?: string;
  load(): Promise<void>;
}

/** The model and the tfjs backend it runs on. */
export const useModel = create<ModelState>((set) => ({
  status: 'loading',
  async load() {
    set({ status: 'loading', error: undefined });
    try {
      const { order, pickFastest } = backendChoice();
      // The worker reports a later move to another backend (WebGL lost mid-session).
      const info = await analysis.load(MODEL_BASE, order, pickFastest, proxy((next: ModelInfo) => set({ info: next })));
      if (pickFastest) rememberFastest(info.backend);
      set({ status: 'ready', info });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
}));

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
