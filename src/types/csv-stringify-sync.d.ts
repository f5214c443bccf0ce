// What the core uses of csv-stringify's browser build, typed without the Node stream types its own
// declarations pull in (tsconfig.core.json maps the module here; bundlers and Node load the real one).
declare module 'csv-stringify/browser/esm/sync' {
  export function stringify(records: readonly (readonly unknown[])[]): string;
}
