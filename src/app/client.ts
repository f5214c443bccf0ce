import { type Remote, wrap } from 'comlink';
import type { AnalysisApi, BackendName, BackendTiming, DebugApi } from '../protocol';
import { DEBUG_WORKER_NAME } from '../worker/debug-name';
import { type BackendPlan, planBackends } from './backend-choice';

/** Whether the page was opened for tests and benchmarks (`?bench`): its worker then has their hooks too. */
export const DEBUG_PAGE = new URLSearchParams(location.search).has('bench');

/** The one analysis worker of the page (feature extraction and inference). */
export const analysis: Remote<AnalysisApi> = wrap<AnalysisApi>(
  new Worker(new URL('../worker/analysis.worker.ts', import.meta.url), { type: 'module', name: DEBUG_PAGE ? DEBUG_WORKER_NAME : 'analysis' }),
);

/** The same worker with the hooks of tests and benchmarks, on a `?bench` page only. */
export const debugAnalysis = (): Remote<DebugApi> => {
  if (!DEBUG_PAGE) throw new Error('The debug hooks are on a ?bench page only');
  return analysis as unknown as Remote<DebugApi>;
};

/** Whether the page may use WebGL (Chromium's --disable-webgl does not reach a worker's OffscreenCanvas). */
function pageHasWebgl(): boolean {
  const canvas = document.createElement('canvas');
  return Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
}

const FASTEST_KEY = 'emotion-lens.fastest-backend';

/** How to start the model on this device (see `planBackends`). */
export function backendPlan(search = location.search): BackendPlan {
  return planBackends({ wanted: new URLSearchParams(search).get('backend'), remembered: localStorage.getItem(FASTEST_KEY), webgl: pageHasWebgl() });
}

/** Remembers which backend won on this device, so later starts go straight to it. */
export function rememberFastest(backend: BackendName): void {
  localStorage.setItem(FASTEST_KEY, backend);
}

/** Times the model on each of `backends` in a worker of its own, which is gone afterwards. */
export async function timeBackends(backends: BackendName[]): Promise<BackendTiming[]> {
  // The analysis worker's own script, written out in full: Vite bundles a worker only from this form.
  const worker = new Worker(new URL('../worker/analysis.worker.ts', import.meta.url), { type: 'module', name: 'backend race' });
  try {
    return await wrap<AnalysisApi>(worker).timeBackends(MODEL_BASE, backends);
  } finally {
    worker.terminate();
  }
}

/** Where the model files are, relative to the app's base URL. */
export const MODEL_BASE = new URL(`${import.meta.env.BASE_URL}model/`, location.href).href;
