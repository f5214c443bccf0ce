declare module 'audio-type' {
  /** The audio format named by a file's first bytes ('wav', 'mp3', 'flac', 'oga', ...), or undefined. */
  export default function audioType(bytes: Uint8Array): string | undefined;
}
