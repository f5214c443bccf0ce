import { type Page, expect } from '@playwright/test';
import path from 'node:path';
import { CHROMIUM_ARGS } from './chromium.ts';
export { fixtureSpeech } from './speech-fixture.ts';

export const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

/** Chromium flags for a fake microphone that plays `file` once (or over and over), granted without a prompt. */
export function fakeMicrophone(file: string, { loop = false } = {}): string[] {
  return [
    ...CHROMIUM_ARGS,
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${file}${loop ? '' : '%noloop'}`,
  ];
}

/** Opens the app and waits until its model is loaded; returns the backend in use. */
export async function openApp(page: Page, query = ''): Promise<string> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  return (await page.getByTestId('backend').textContent()) ?? '';
}

/**
 * For tests that rewrite the model's requests with page.route, which does not see the service worker's
 * fetches: once it precaches and claims the page, the real model would win the race against the rewritten
 * one. Such tests are about the model, not offline use (pwa.spec covers that).
 */
export const WITHOUT_SERVICE_WORKER = { serviceWorkers: 'block' } as const;

/** Reads an IndexedDB store of the page: one entry's value, or without a key how many entries it holds. */
export const readStore = (page: Page, where: { database: string; store: string; key?: string }) =>
  page.evaluate(
    ({ database, store, key }) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open(database);
        open.onsuccess = () => {
          const objects = open.result.transaction(store).objectStore(store);
          const request = key === undefined ? objects.count() : objects.get(key);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        };
        open.onerror = () => reject(open.error);
      }),
    where,
  );

/**
 * How many recordings this browser keeps. A reload while one is being written would ask to leave (and
 * lose it), so a test waits for the store to settle before reloading.
 */
export const keptCount = (page: Page) => readStore(page, { database: 'emotion-lens-recordings', store: 'recordings' });
