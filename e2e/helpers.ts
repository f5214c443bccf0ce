import { type Page, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import wavefile from 'wavefile';
import { CHROMIUM_ARGS } from './chromium.ts';

export const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

/** Chromium flags for a fake microphone that plays `file` once, granted without a prompt. */
export function fakeMicrophone(file: string): string[] {
  return [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${file}%noloop`];
}

/** Opens the app and waits until its model is loaded; returns the backend in use. */
export async function openApp(page: Page, query = ''): Promise<string> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  return (await page.getByTestId('backend').textContent()) ?? '';
}

/** The espeak-ng sentence of the fixtures as samples in [-1, 1] (the left channel of its 44.1 kHz 16-bit WAV). */
export function fixtureSpeech(): { samples: Float32Array; rate: number } {
  const wav = new wavefile.WaveFile(readFileSync(fixture('speech-pcm16.wav')));
  const [left] = wav.getSamples(false, Int16Array) as unknown as Int16Array[];
  return { samples: Float32Array.from(left, (v) => v / 32768), rate: (wav.fmt as { sampleRate: number }).sampleRate };
}
