declare module 'soundtouchjs' {
  /** The parts of SoundTouchJS (WSOLA time stretch + rate transposer, stereo interleaved) we use. */
  export class SoundTouch {
    tempo: number;
    pitchSemitones: number;
    stretch: { setParameters(sampleRate: number, sequenceMs: number, seekWindowMs: number, overlapMs: number): void };
  }
  export interface SampleSource {
    extract(target: Float32Array, numFrames: number, position: number): number;
  }
  export class SimpleFilter {
    constructor(source: SampleSource, pipe: SoundTouch);
    extract(target: Float32Array, numFrames: number): number;
  }
}
