import { BACKENDS, type BackendName } from '../worker/backend-names';

/** How the app starts its model: the backends to try, best first, and one to time in the background. */
export interface BackendPlan {
  order: BackendName[];
  /** A backend to time beside the running app (WebGL, whose shaders take seconds to compile). */
  probe?: BackendName;
}

/**
 * `wanted` (from `?backend=`) is tried first, falling back only if it does not work: for comparisons and
 * tests. Otherwise a device's remembered winner starts at once. On a first visit the app starts on wasm,
 * which is ready in about a second, and WebGL is timed beside it; whichever is faster is remembered (and
 * taken over at the model's next use). WebGL is left out where the page has none.
 */
export function planBackends({ wanted, remembered, webgl }: { wanted: string | null; remembered: string | null; webgl: boolean }): BackendPlan {
  const known = (name: string | null): name is BackendName => name !== null && (BACKENDS as readonly string[]).includes(name);
  const usable = (from: BackendName) => BACKENDS.slice(BACKENDS.indexOf(from)).filter((b) => b !== 'webgl' || webgl);
  if (known(wanted)) return { order: usable(wanted) };
  if (known(remembered)) return { order: usable(remembered) };
  return webgl ? { order: usable('wasm'), probe: 'webgl' } : { order: usable('wasm') };
}

/** The faster of the running backend and the timed one, and the model card's note when the timed one lost. */
export function raceResult(running: { backend: BackendName; ms: number }, timed: { backend: BackendName; ms: number }): { fastest: BackendName; note?: string } {
  if (timed.ms < running.ms) return { fastest: timed.backend };
  return { fastest: running.backend, note: `${timed.backend}: slower here (${timed.ms.toFixed(0)} ms vs ${running.ms.toFixed(0)} ms per window on ${running.backend})` };
}
