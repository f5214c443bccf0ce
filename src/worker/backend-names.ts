/** The tfjs backends the worker tries, best first (kept apart so the page need not bundle tfjs). */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
