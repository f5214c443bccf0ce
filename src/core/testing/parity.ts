import { noise, padded, vowelLike } from './signals';

/** A stereo 44.1 kHz clip with speech-like sound and noise: the shared input of Node/browser parity checks. */
export function parityChannels(): Float32Array[] {
  const left = padded(vowelLike(3.5, 44100), 20000, 30000);
  const hiss = noise(0.01, left.length / 44100, 44100, 7);
  const right = left.map((v, i) => 0.6 * v + hiss[i]);
  return [left, right];
}
