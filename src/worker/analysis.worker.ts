import { expose } from 'comlink';
import { FEATURE_CONFIG } from '../core/config';
import { clipWindows, toModelInput } from '../core/pipeline';
import type { WindowSpan } from '../core/windows';

/** What the page may ask of the analysis worker. Heavy work stays here; the page only draws. */
export const analysisApi = {
  /** Features of every model window of a decoded clip (any channel count and rate). */
  async clipFeatures(
    channels: Float32Array[],
    sampleRate: number,
  ): Promise<{ span: WindowSpan; data: Float32Array }[]> {
    const signal = await toModelInput(channels, sampleRate, FEATURE_CONFIG);
    return [...clipWindows(signal, FEATURE_CONFIG)].map((w) => ({ span: w.span, data: w.features.data }));
  },
};

export type AnalysisApi = typeof analysisApi;

expose(analysisApi);
