import { readFileSync } from 'node:fs';
import path from 'node:path';
import wavefile from 'wavefile';

/** The espeak-ng sentence of the fixtures as samples in [-1, 1] (the left channel of its 44.1 kHz 16-bit WAV). */
export function fixtureSpeech(): { samples: Float32Array; rate: number } {
  const wav = new wavefile.WaveFile(readFileSync(path.join(import.meta.dirname, 'fixtures', 'speech-pcm16.wav')));
  const [left] = wav.getSamples(false, Int16Array) as unknown as Int16Array[];
  return { samples: Float32Array.from(left, (v) => v / 32768), rate: (wav.fmt as { sampleRate: number }).sampleRate };
}
