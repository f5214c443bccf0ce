import { createGaussian, createRandom } from '../random';

/**
 * Sounds that are not speech, made from seeded formulas: what a speech detector must refuse. Each is
 * scaled to -20 dBFS RMS, a normal recording level.
 */

type Maker = (seconds: number, rate: number) => Float32Array;

function atLevel(signal: Float32Array, db = -20): Float32Array {
  let energy = 0;
  for (const v of signal) energy += v * v;
  const gain = 10 ** (db / 20) / Math.sqrt(energy / signal.length || 1);
  for (let i = 0; i < signal.length; i++) signal[i] *= gain;
  return signal;
}

const samples = (seconds: number, rate: number) => new Float32Array(Math.round(seconds * rate));

const white: Maker = (seconds, rate) => {
  const g = createGaussian(11);
  return samples(seconds, rate).map(() => g());
};

/** Paul Kellet's economy pink filter over white noise (-3 dB per octave). */
const pink: Maker = (seconds, rate) => {
  const g = createGaussian(12);
  let [b0, b1, b2] = [0, 0, 0];
  return samples(seconds, rate).map(() => {
    const w = g();
    b0 = 0.99765 * b0 + w * 0.099046;
    b1 = 0.963 * b1 + w * 0.2965164;
    b2 = 0.57 * b2 + w * 1.0526913;
    return b0 + b1 + b2 + w * 0.1848;
  });
};

/** Leaky integration of white noise (-6 dB per octave). */
const brown: Maker = (seconds, rate) => {
  const g = createGaussian(13);
  let y = 0;
  return samples(seconds, rate).map(() => (y = 0.995 * y + 0.05 * g()));
};

const tone =
  (frequency: number): Maker =>
  (seconds, rate) =>
    samples(seconds, rate).map((_, i) => Math.sin((2 * Math.PI * frequency * i) / rate));

/** Mains hum: 50 Hz and its odd harmonics. */
const hum: Maker = (seconds, rate) =>
  samples(seconds, rate).map((_, i) => [1, 3, 5, 7].reduce((v, h) => v + Math.sin((2 * Math.PI * 50 * h * i) / rate) / h, 0));

/** A logarithmic sweep from 100 Hz to 7 kHz, repeated every 2 s. */
const chirp: Maker = (seconds, rate) => {
  const period = 2;
  const [f0, f1] = [100, 7000];
  const k = Math.log(f1 / f0) / period;
  return samples(seconds, rate).map((_, i) => {
    const t = (i / rate) % period;
    return Math.sin((2 * Math.PI * f0 * (Math.exp(k * t) - 1)) / k);
  });
};

/** Clicks, four a second, each a decaying burst of a few milliseconds. */
const clicks: Maker = (seconds, rate) => {
  const g = createGaussian(14);
  const every = Math.round(rate / 4);
  return samples(seconds, rate).map((_, i) => g() * Math.exp(-(i % every) / (0.002 * rate)));
};

/** A two-tone phone ring: 440 + 480 Hz, 2 s on, 4 s off (never silent: the pause is quiet noise). */
const ring: Maker = (seconds, rate) => {
  const g = createGaussian(15);
  return samples(seconds, rate).map((_, i) => {
    const t = i / rate;
    const on = t % 6 < 2 ? 1 : 0;
    return on * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t)) + 0.001 * g();
  });
};

const MIDI = (n: number) => 440 * 2 ** ((n - 69) / 12);

/** Plucked, decaying notes with harmonics: a melody over a bass line, 120 beats a minute. */
const piano: Maker = (seconds, rate) => {
  const melody = [72, 74, 76, 77, 79, 77, 76, 74, 72, 76, 79, 84, 79, 76, 74, 72];
  const bass = [48, 43, 45, 41];
  const beat = 0.5;
  return samples(seconds, rate).map((_, i) => {
    const t = i / rate;
    const n = Math.floor(t / beat);
    const since = t - n * beat;
    const bar = Math.floor(t / (4 * beat));
    const sinceBar = t - bar * 4 * beat;
    let v = 0;
    for (let h = 1; h <= 6; h++) {
      v += (Math.sin(2 * Math.PI * MIDI(melody[n % melody.length]) * h * since) / h ** 1.5) * Math.exp(-3 * since);
      v += ((0.7 * Math.sin(2 * Math.PI * MIDI(bass[bar % bass.length]) * h * sinceBar)) / h ** 2) * Math.exp(-1.2 * sinceBar);
    }
    return v;
  });
};

/** A sustained, slowly changing chord of sawtooth-like tones with vibrato: organ or strings. */
const pad: Maker = (seconds, rate) => {
  const chords = [
    [60, 64, 67],
    [57, 60, 64],
    [53, 57, 60],
    [55, 59, 62],
  ];
  return samples(seconds, rate).map((_, i) => {
    const t = i / rate;
    const chord = chords[Math.floor(t / 2) % chords.length];
    const vibrato = 1 + 0.004 * Math.sin(2 * Math.PI * 5.5 * t);
    let v = 0;
    for (const note of chord) for (let h = 1; h <= 8; h++) v += Math.sin(2 * Math.PI * MIDI(note) * vibrato * h * t) / h;
    return v;
  });
};

/** A drum loop: kick (a falling sine), snare (noise burst) and hi-hat (short high noise), 100 beats a minute. */
const drums: Maker = (seconds, rate) => {
  const g = createGaussian(16);
  const random = createRandom(17);
  const beat = 0.6;
  return samples(seconds, rate).map((_, i) => {
    const t = i / rate;
    const n = Math.floor(t / beat);
    const since = t - n * beat;
    const half = since % (beat / 2);
    const kick = n % 2 === 0 ? Math.sin(2 * Math.PI * (60 + 90 * Math.exp(-since * 30)) * since) * Math.exp(-since * 8) : 0;
    const snare = n % 2 === 1 ? g() * Math.exp(-since * 18) : 0;
    const hat = (random() * 2 - 1) * 0.3 * Math.exp(-half * 120);
    return kick + 0.6 * snare + hat;
  });
};

/** The generated sounds by name, each `seconds` long at `rate`, -20 dBFS RMS. */
export const NON_SPEECH: Record<string, Maker> = {
  'white noise': white,
  'pink noise': pink,
  'brown noise': brown,
  'tone 100 Hz': tone(100),
  'tone 440 Hz': tone(440),
  'tone 1 kHz': tone(1000),
  'tone 3 kHz': tone(3000),
  'mains hum': hum,
  chirps: chirp,
  clicks: clicks,
  'phone ring': ring,
  'music: piano': piano,
  'music: organ chords': pad,
  'music: drums': drums,
};

export function nonSpeech(name: keyof typeof NON_SPEECH, seconds: number, rate: number): Float32Array {
  return atLevel(NON_SPEECH[name](seconds, rate));
}
