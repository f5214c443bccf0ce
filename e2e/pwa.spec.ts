import { chromium } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';
import { fakeMicrophone, fixture, openApp } from './helpers';
import { expect, test } from './test';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: fakeMicrophone(fixture('mic-speech.wav')) } });

test('the manifest is valid and the app is installable', async ({ request, baseURL }) => {
  // Installability needs a real profile: a default (incognito) context never qualifies.
  const profile = await mkdtemp(path.join(os.tmpdir(), 'pwa-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, baseURL });
  const page = context.pages()[0] ?? (await context.newPage());
  await openApp(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ short_name: 'Emotion Lens', display: 'standalone', start_url: '.' });
  expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(['192x192', '512x512', '512x512']);
  expect(manifest.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true);
  for (const icon of manifest.icons) expect((await request.get(`/${icon.src}`)).ok()).toBe(true);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);
  await context.close();
  await rm(profile, { recursive: true });
});

test('after one visit, everything works offline: the app, the model, files and the microphone', async ({ page, context }) => {
  await openApp(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('network-status')).toHaveAttribute('data-online', 'false');
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await page.getByTestId('file-input').setInputFiles([fixture('speech.flac')]);
  await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('record-toggle').click();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'speech', { timeout: 30_000 });
  await page.getByTestId('record-toggle').click();
});

test('the built page runs under its Content-Security-Policy without violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
  });
  await openApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  await page.getByTestId('file-input').setInputFiles([fixture('speech.m4a')]);
  await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
  expect(violations).toEqual([]);
});

test('an app left open looks for a new version every hour, not only when it loads', async ({ page }) => {
  await page.clock.install();
  await page.addInitScript(() => {
    // The page skips the check while the browser says it is offline, as a CI machine with no network may:
    // the test is about the hourly timer, not the host's network.
    Object.defineProperty(Navigator.prototype, 'onLine', { get: () => true, configurable: true });
    const update = ServiceWorkerRegistration.prototype.update;
    Object.assign(window, { updateChecks: 0 });
    ServiceWorkerRegistration.prototype.update = function (this: ServiceWorkerRegistration) {
      Object.assign(window, { updateChecks: (window as unknown as { updateChecks: number }).updateChecks + 1 });
      return update.call(this);
    };
  });
  await openApp(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const checks = () => page.evaluate(() => (window as unknown as { updateChecks: number }).updateChecks);
  await page.clock.fastForward('59:00');
  expect(await checks()).toBe(0);
  await page.clock.fastForward('01:01');
  await expect.poll(checks).toBe(1);
  await page.clock.fastForward('01:00:00');
  await expect.poll(checks).toBe(2);
});
