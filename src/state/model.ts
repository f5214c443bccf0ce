import { proxy } from 'comlink';
import { MODEL_BASE, analysis, backendPlan, rememberFastest, timeBackends } from '../app/client';
import { createModelStore, whenReady } from './model-store';

/** The page's model: the model store over the analysis worker, a race worker and this browser's localStorage. */
export const useModel = createModelStore({
  load: (order, onChange) => analysis.load(MODEL_BASE, order, proxy(onChange)),
  moveTo: (backend, notes) => analysis.moveTo(backend, notes),
  timeBackends,
  plan: () => backendPlan(),
  rememberFastest,
});

/** Resolves once the model is ready; rejects with the load error if it failed. */
export const whenModelReady = () => whenReady(useModel);
