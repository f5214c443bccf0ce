import { errorMessage } from '../../src/core/errors';
import decode, { type AudioData } from 'audio-decode';
import { readFile } from 'node:fs/promises';

export interface DecodedAudio {
  channels: Float32Array[];
  sampleRate: number;
}

/**
 * Decodes an audio file in Node by its content, not its name (WAV incl. float, AIFF, FLAC, MP3, OGG,
 * Opus...). Throws an error that names the file and says why.
 */
export async function decodeFile(file: string): Promise<DecodedAudio> {
  const bytes = await readFile(file);
  if (bytes.length === 0) throw new Error(`${file}: the file is empty`);
  let audio: AudioData;
  try {
    audio = await decode(new Uint8Array(bytes));
  } catch (error) {
    throw new Error(`${file}: not decodable audio (${errorMessage(error)})`, { cause: error });
  }
  const channels = audio?.channelData ?? [];
  if (channels.length === 0 || channels[0].length === 0) throw new Error(`${file}: no audio samples`);
  return { channels, sampleRate: audio.sampleRate };
}
