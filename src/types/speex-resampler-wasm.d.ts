declare module '@echogarden/speex-resampler-wasm/simd' {
  /** The parts of the Emscripten module (SpeexDSP's resampler, compiled with wasm SIMD) this app calls. */
  export interface SpeexModule {
    HEAPF32: Float32Array;
    HEAPU32: Uint32Array;
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    _speex_resampler_init(channels: number, inRate: number, outRate: number, quality: number, errorPointer: number): number;
    _speex_resampler_skip_zeros(state: number): number;
    _speex_resampler_get_input_latency(state: number): number;
    _speex_resampler_process_float(
      state: number,
      channel: number,
      input: number,
      inputLengthPointer: number,
      output: number,
      outputLengthPointer: number,
    ): number;
    _speex_resampler_destroy(state: number): void;
  }
  export default function createSpeexModule(options?: object): Promise<SpeexModule>;
}
