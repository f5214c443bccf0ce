declare module 'fili' {
  /** The parts of fili (IIR filters as cascades of biquads) we use. */
  interface CascadeParams {
    /** Biquad stages: a Butterworth of order 2 x `order`. */
    order: number;
    characteristic: 'butterworth';
    Fs: number;
    Fc: number;
  }
  type Cascade = unknown[];
  interface Fili {
    CalcCascades: new () => { lowpass(params: CascadeParams): Cascade; highpass(params: CascadeParams): Cascade };
    IirFilter: new (cascade: Cascade) => { multiStep(input: ArrayLike<number>): number[] };
  }
  const fili: Fili;
  export default fili;
}
