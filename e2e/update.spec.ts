import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type PreviewServer, preview } from 'vite';
import { CHROMIUM_PATH } from './chromium.ts';
import { fakeMicrophone, fixture } from './helpers';
import { expect, test } from './test';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');
const PORT = 4175;

test.use({
  baseURL: `http://localhost:${PORT}/`,
  launchOptions: { executablePath: CHROMIUM_PATH, args: fakeMicrophone(fixture('mic-speech.wav')) },
});

async function build(outDir: string, id: string): Promise<void> {
  await run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: repo,
    env: { ...process.env, VITE_BUILD_ID: id },
  });
}

const serve = (outDir: string): Promise<PreviewServer> =>
  preview({ root: repo, configFile: path.join(repo, 'vite.config.ts'), logLevel: 'silent', build: { outDir }, preview: { port: PORT, strictPort: true } });

test('a new version is announced, and waits while a recording runs', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'two-builds-'));
  const [first, second] = [path.join(dir, 'first'), path.join(dir, 'second')];
  // One after the other, as two releases are: vite preview's ETag is the file's size and mtime, and two
  // sw.js built side by side have the same size and can share an mtime tick; the browser's update check
  // then gets a 304 and never sees the second version.
  await build(first, 'first');
  await build(second, 'second');
  let server = await serve(first);
  try {
    await page.goto('/');
    await expect(page.getByText('build first')).toBeVisible();
    await expect(page.getByTestId('model-info')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await page.getByTestId('record-toggle').click();
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', /listening|speech|silence/);

    await server.close();
    server = await serve(second);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    // The running recording is not cut: the update waits for it.
    await expect(prompt.getByRole('button')).toBeDisabled();
    await expect(page.getByText('build first')).toBeVisible();
    await page.getByTestId('record-toggle').click();
    await prompt.getByRole('button', { name: 'Reload to update' }).click();
    await expect(page.getByText('build second')).toBeVisible({ timeout: 30_000 });
  } finally {
    await server.close();
    await rm(dir, { recursive: true });
  }
});
