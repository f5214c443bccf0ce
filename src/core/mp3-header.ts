/**
 * The channel count an MP3 declares, from its first frame header. The decoder upmixes mono to two equal
 * channels and audio-decode folds equal channels back into one, so a stereo file whose channels are the
 * same (dual mono) decodes as mono: only the header says what the file is.
 */

/** Bytes of an ID3v2 tag at the start (its 10-byte header, a footer if flagged, and its syncsafe size). */
function id3Length(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  const size = ((bytes[6] & 0x7f) << 21) | ((bytes[7] & 0x7f) << 14) | ((bytes[8] & 0x7f) << 7) | (bytes[9] & 0x7f);
  return 10 + size + (bytes[5] & 0x10 ? 10 : 0);
}

/** Whether four bytes from `i` are a valid MPEG audio frame header (sync, version, layer, bitrate, rate). */
function isFrameHeader(bytes: Uint8Array, i: number): boolean {
  if (i + 4 > bytes.length || bytes[i] !== 0xff || (bytes[i + 1] & 0xe0) !== 0xe0) return false;
  const version = (bytes[i + 1] >> 3) & 3;
  const layer = (bytes[i + 1] >> 1) & 3;
  const bitrate = bytes[i + 2] >> 4;
  const rate = (bytes[i + 2] >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 15 && rate !== 3;
}

/** 1 or 2 from the first frame header in `head` (the file's first bytes); undefined when none is found. */
export function mp3Channels(head: Uint8Array): number | undefined {
  for (let i = id3Length(head); i + 4 <= head.length; i++) {
    // Channel mode 3 is single channel; stereo, joint stereo and dual channel are two.
    if (isFrameHeader(head, i)) return head[i + 3] >> 6 === 3 ? 1 : 2;
  }
  return undefined;
}
