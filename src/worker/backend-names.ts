/** The tfjs backends the worker tries, best first (kept apart so the page need not bundle tfjs). */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** One backend's timing of the model: its median ms per window, or why it could not run it. */
export type BackendTiming = { backend: BackendName; ms: number } | { backend: BackendName; error: string };
