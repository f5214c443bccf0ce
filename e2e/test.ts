import { test as base, expect } from '@playwright/test';

/**
 * The suite's `test`: every test also proves that no request leaves the app's origin (no CDN, no
 * analytics, no upload), whatever pages it opens.
 */
export const test = base.extend<{ sameOriginOnly: void }>({
  sameOriginOnly: [
    async ({ context, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const foreign: string[] = [];
      context.on('request', (request) => {
        const url = request.url();
        if (!/^(data|blob|chrome-extension):/.test(url) && new URL(url).origin !== origin) foreign.push(url);
      });
      await use();
      expect(foreign, 'requests to other origins').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
