/** Set by vite.config.ts from package.json and the commit; 'dev' only where Vite did not define it. */
export const BUILD_ID: string = import.meta.env.VITE_BUILD_ID ?? 'dev';
