import sileroUrl from '@ricky0123/vad-web/dist/silero_vad_v5.onnx?url';
import { type SpeechDetector, createSpeechDetector } from '../core/speech';

/** The speech detector, from files bundled with the app (and precached): nothing comes from a CDN. */
export async function loadSpeechDetector(): Promise<SpeechDetector> {
  const response = await fetch(sileroUrl);
  if (!response.ok) throw new Error(`The speech detector cannot be loaded (${sileroUrl}: HTTP ${response.status})`);
  return createSpeechDetector(new Uint8Array(await response.arrayBuffer()));
}
