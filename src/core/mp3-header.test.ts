import { describe, expect, it } from 'vitest';
import { mp3Channels } from './mp3-header';

/** An MPEG-1 layer III frame header, 128 kbit/s at 44.1 kHz, with the channel mode given (0-3). */
const frame = (mode: number) => [0xff, 0xfb, 0x90, mode << 6];
/** An ID3v2.4 tag of `size` bytes of content (the size written syncsafe: 7 bits a byte). */
const id3 = (size: number) => [
  0x49,
  0x44,
  0x33,
  4,
  0,
  0,
  (size >> 21) & 0x7f,
  (size >> 14) & 0x7f,
  (size >> 7) & 0x7f,
  size & 0x7f,
  ...new Array(size).fill(0xff),
];

describe('mp3Channels', () => {
  it('reads the channel mode of the first frame: stereo, joint stereo and dual channel are two, single channel one', () => {
    expect([0, 1, 2, 3].map((mode) => mp3Channels(Uint8Array.from(frame(mode))))).toEqual([2, 2, 2, 1]);
  });

  it('skips an ID3v2 tag, even one full of bytes that look like a frame sync', () => {
    expect(mp3Channels(Uint8Array.from([...id3(300), ...frame(3)]))).toBe(1);
    expect(mp3Channels(Uint8Array.from([...id3(300), ...frame(1)]))).toBe(2);
  });

  it('passes over bytes that are no valid header (a bad bitrate or rate) and finds none in other data', () => {
    expect(mp3Channels(Uint8Array.from([0xff, 0xfb, 0xf0, 0xc0, ...frame(0)]))).toBe(2);
    expect(mp3Channels(new TextEncoder().encode('RIFF....WAVEfmt '))).toBeUndefined();
  });
});
