import { expect, test } from './test';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { EMOTIONS } from '../src/core/labels';
import { fixture, openApp } from './helpers';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');

/** `npm run classify` on the same file and model, on the same (wasm) backend. */
async function classifyInNode(file: string): Promise<Record<string, number>> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'training/cli.ts', '--backend', 'wasm', 'classify', file, '--model', 'public/model', '--format', 'json'],
    { cwd: repo },
  );
  return JSON.parse(stdout).recordings[0].emotions;
}

for (const name of ['speech-pcm16.wav', 'speech.mp3']) {
  test(`the app and npm run classify agree on ${name} (wasm, within 1e-3)`, async ({ page }) => {
    const inNode = await classifyInNode(fixture(name));
    expect(await openApp(page, '?backend=wasm')).toBe('wasm');
    await page.getByTestId('file-input').setInputFiles([fixture(name)]);
    await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const inApp = JSON.parse(await readFile((await download.path())!, 'utf8')).recordings[0].emotions;
    for (const e of EMOTIONS) expect(Math.abs(inApp[e] - inNode[e]), e).toBeLessThan(1e-3);
  });
}
