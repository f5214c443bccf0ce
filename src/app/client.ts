import { type Remote, wrap } from 'comlink';
import type { AnalysisApi } from '../worker/analysis.worker';
import { BACKENDS, type BackendName } from '../worker/backend-names';

/** The one analysis worker of the page (feature extraction and inference). */
export const analysis: Remote<AnalysisApi> = wrap<AnalysisApi>(
  new Worker(new URL('../worker/analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' }),
);

/** Whether the page may use WebGL (Chromium's --disable-webgl does not reach a worker's OffscreenCanvas). */
function pageHasWebgl(): boolean {
  const canvas = document.createElement('canvas');
  return Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
}

/**
 * Backends to try, best first: WebGL only where the browser allows it to the page; `?backend=wasm`
 * (or cpu) starts from another one, e.g. for comparisons.
 */
export function backendOrder(search = location.search): BackendName[] {
  const wanted = new URLSearchParams(search).get('backend') as BackendName | null;
  const start = wanted && BACKENDS.includes(wanted) ? BACKENDS.indexOf(wanted) : 0;
  return BACKENDS.slice(start).filter((b) => b !== 'webgl' || pageHasWebgl());
}

/** Where the model files are, relative to the app's base URL. */
export const MODEL_BASE = new URL(`${import.meta.env.BASE_URL}model/`, location.href).href;
