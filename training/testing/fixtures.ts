import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import wavefile from 'wavefile';
import { padded, vowelLike } from '../../src/core/testing/signals';

/** Writes channels as a WAV file: 16-bit PCM, or 32-bit float. */
export async function writeWav(file: string, channels: Float32Array[], rate: number, depth: '16' | '32f' = '16'): Promise<void> {
  const wav = new wavefile.WaveFile();
  const samples = depth === '16' ? channels.map((c) => Int16Array.from(c, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767))) : channels;
  wav.fromScratch(channels.length, rate, depth, samples);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, wav.toBuffer());
}

/** A vowel-like sound whose pitch and loudness vary with a seed, between short silences. */
export function fixtureClip(seed: number, rate: number): Float32Array {
  const sound = vowelLike(0.8, rate).map((v, i) => v * (0.5 + 0.4 * Math.sin(seed + i / rate)));
  return padded(sound, Math.round(0.1 * rate), Math.round(0.1 * rate));
}

/**
 * A tiny RAVDESS-layout corpus made of generated sounds: `actors` actors (odd male), with two clips
 * (angry, sad) each, at 22.05 kHz. Returns its root folder.
 */
export async function makeRavdessFixture(actors = 12): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ravdess-fixture-'));
  for (let a = 1; a <= actors; a++) {
    const actor = String(a).padStart(2, '0');
    for (const [i, code] of ['05', '04'].entries()) {
      const file = path.join(root, `Actor_${actor}`, `03-01-${code}-01-01-01-${actor}.wav`);
      await writeWav(file, [fixtureClip(a * 10 + i, 22050)], 22050);
    }
  }
  return root;
}

/**
 * nEMO-layout clips (`nemo/samples/<SPK>_<emotion>_<n>.wav`) of generated sounds inside `root`: two
 * (anger, sadness) for each speaker given. Returns their folder, to remove again.
 */
export async function addNemoFixture(root: string, speakers: readonly string[]): Promise<string> {
  const folder = path.join(root, 'nemo');
  for (const [s, speaker] of speakers.entries()) {
    for (const [i, emotion] of ['anger', 'sadness'].entries()) {
      await writeWav(path.join(folder, 'samples', `${speaker}_${emotion}_${i}.wav`), [fixtureClip(500 + s * 10 + i, 22050)], 22050);
    }
  }
  return folder;
}
