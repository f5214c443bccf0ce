/** Stands in for the decoders @audio/decode can load but that are not installed (e.g. APE). */
export default function noDecoder(): never {
  throw new Error('No decoder for this format is included in the app');
}
