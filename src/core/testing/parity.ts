import { noise, padded, vowelLike } from './signals';

/** A stereo 44.1 kHz clip with speech-like sound and noise: the shared input of Node/browser parity checks. */
export function parityChannels(): Float32Array[] {
  const left = padded(vowelLike(3.5, 44100), 20000, 30000);
  const hiss = noise(0.01, left.length / 44100, 44100, 7);
  const right = left.map((v, i) => 0.6 * v + hiss[i]);
  return [left, right];
}

/**
 * 45 s of 16 kHz speech-like sound in noise: the shared input of the speech encoder's Node/browser parity
 * check, long enough that the app's worker pool reads it in two stretches side by side.
 */
export function parityEncoderSignal(): Float32Array {
  const voiced = vowelLike(45, 16000);
  const hiss = noise(0.02, 45, 16000, 11);
  return voiced.map((v, i) => v + hiss[i]);
}
