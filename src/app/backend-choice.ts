import { BACKENDS, type BackendName, type BackendTiming } from '../worker/backend-names';

/** How the app starts its model: the backends to try, best first, and those to time in the background. */
export interface BackendPlan {
  order: BackendName[];
  /** Backends to time against each other beside the running app (WebGL's shaders take seconds to compile). */
  race?: BackendName[];
}

/**
 * `wanted` (from `?backend=`) is tried first, falling back only if it does not work: for comparisons and
 * tests. Otherwise a device's remembered winner starts at once. On a first visit the app starts on wasm,
 * which is ready in about a second, while WebGL and wasm are timed side by side in the background;
 * whichever is faster is remembered (and taken over at the model's next use). WebGL is left out where the
 * page has none.
 */
export function planBackends({ wanted, remembered, webgl }: { wanted: string | null; remembered: string | null; webgl: boolean }): BackendPlan {
  const known = (name: string | null): name is BackendName => name !== null && (BACKENDS as readonly string[]).includes(name);
  const usable = (from: BackendName) => BACKENDS.slice(BACKENDS.indexOf(from)).filter((b) => b !== 'webgl' || webgl);
  if (known(wanted)) return { order: usable(wanted) };
  if (known(remembered)) return { order: usable(remembered) };
  return webgl ? { order: usable('wasm'), race: ['webgl', 'wasm'] } : { order: usable('wasm') };
}

/**
 * The fastest of the timed backends (undefined when none ran), and the model card's notes on the others:
 * how much slower each was, or why it could not run.
 */
export function raceResult(timings: readonly BackendTiming[]): { fastest?: BackendName; notes: string[] } {
  const ran = timings.flatMap((t) => ('ms' in t ? [t] : [])).sort((a, b) => a.ms - b.ms);
  const best = ran[0];
  const notes = timings.flatMap((t) => {
    if ('error' in t) return [`${t.backend}: ${t.error}`];
    return t === best ? [] : [`${t.backend}: slower here (${t.ms.toFixed(0)} ms vs ${best.ms.toFixed(0)} ms per window on ${best.backend})`];
  });
  return { fastest: best?.backend, notes };
}
