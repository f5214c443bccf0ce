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
 * Backends to try, best first (WebGL only where the browser allows it to the page), and whether to
 * keep the fastest of WebGL and wasm. `?backend=wasm` (or webgl, cpu) asks for one backend, falling back
 * from it only if it does not work: for comparisons and tests.
 */
export function backendChoice(search = location.search): { order: BackendName[]; pickFastest: boolean } {
  const wanted = new URLSearchParams(search).get('backend') as BackendName | null;
  const forced = wanted !== null && BACKENDS.includes(wanted);
  // A device's earlier race result spares later starts the second model load and the shader compile.
  const remembered = localStorage.getItem(FASTEST_KEY) as BackendName | null;
  const first = forced ? wanted : remembered && BACKENDS.includes(remembered) ? remembered : BACKENDS[0];
  const order = BACKENDS.slice(BACKENDS.indexOf(first)).filter((b) => b !== 'webgl' || pageHasWebgl());
  return { order, pickFastest: !forced && !remembered };
}

const FASTEST_KEY = 'emotion-lens.fastest-backend';

/** Remembers which backend won the race on this device. */
export function rememberFastest(backend: BackendName): void {
  localStorage.setItem(FASTEST_KEY, backend);
}

/** Where the model files are, relative to the app's base URL. */
export const MODEL_BASE = new URL(`${import.meta.env.BASE_URL}model/`, location.href).href;
