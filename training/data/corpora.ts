import { type Emotion, type Gender, parseEmotion } from '../../src/core/labels';

/**
 * One labelled recording. `path` is relative to the dataset root (a folder, or a CSV manifest's folder);
 * `group` is the unit a split keeps whole (a speaker, or a TESS word).
 */
export interface Clip {
  path: string;
  /** ravdess, tess, savee, cremad, nemo, or what a manifest says. */
  corpus: string;
  emotion: Emotion;
  gender?: Gender;
  speaker?: string;
  group: string;
}

/** The language each known corpus is spoken in (a manifest's corpora are not known). */
export const CORPUS_LANGUAGES: Record<string, string> = { ravdess: 'English', tess: 'English', savee: 'English', cremad: 'English', nemo: 'Polish' };

/** What a name says about a file: a clip, a file outside our emotions (skipped and counted), or nothing. */
export type NameReading = { clip: Clip } | { skipped: string } | null;

/** Relative path split into its folder names and the file's base name without extension. */
function parts(relPath: string): { dirs: string[]; base: string } {
  const segments = relPath.split(/[\\/]/);
  const file = segments.pop() ?? '';
  return { dirs: segments, base: file.replace(/\.[^.]+$/, '') };
}

const RAVDESS_EMOTIONS: Record<string, Emotion> = {
  '01': 'neutral',
  '02': 'neutral', // calm joins neutral
  '03': 'happy',
  '04': 'sad',
  '05': 'angry',
  '06': 'fear',
  '07': 'disgust',
  '08': 'surprise',
};

/** RAVDESS: `03-01-EE-II-SS-RR-AA` (audio-only, speech); odd actors are male. */
export function readRavdess(relPath: string): NameReading {
  const m = /^(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)$/.exec(parts(relPath).base);
  if (!m) return null;
  const [, modality, channel, code, , , , actor] = m;
  if (modality !== '03' || channel !== '01') return { skipped: `RAVDESS ${modality}-${channel} is not audio-only speech` };
  const emotion = RAVDESS_EMOTIONS[code];
  if (!emotion) return { skipped: `RAVDESS emotion code ${code}` };
  const speaker = `ravdess:${actor}`;
  const gender: Gender = Number(actor) % 2 === 1 ? 'male' : 'female';
  return { clip: { path: relPath, corpus: 'ravdess', emotion, gender, speaker, group: speaker } };
}

/**
 * TESS: `{OAF,YAF}_<emotion>/<SPK>_<word>_<emotion>`, both speakers female. The label comes from the
 * folder (one real file is named `OA_bite_neutral`); TESS has two speakers only, so a split keeps
 * words, not speakers, apart.
 */
export function readTess(relPath: string): NameReading {
  const { dirs, base } = parts(relPath);
  const folder = dirs.at(-1) ?? '';
  const m = /^(OAF|YAF)_(.+)$/i.exec(folder);
  if (!m) return null;
  const emotion = parseEmotion(m[2]);
  if (!emotion) return { skipped: `TESS emotion ${m[2]}` };
  const word = base.split('_')[1]?.toLowerCase();
  if (!word) return null;
  const speaker = `tess:${m[1].toUpperCase()}`;
  return { clip: { path: relPath, corpus: 'tess', emotion, gender: 'female', speaker, group: `tess:word:${word}` } };
}

const SAVEE_EMOTIONS: Record<string, Emotion> = {
  a: 'angry',
  d: 'disgust',
  f: 'fear',
  h: 'happy',
  n: 'neutral',
  sa: 'sad',
  su: 'surprise',
};

/** SAVEE: `{DC,JE,JK,KL}/{a,d,f,h,n,sa,su}NN` (or flattened `DC_a01`), all male. */
export function readSavee(relPath: string): NameReading {
  const { dirs, base } = parts(relPath);
  const nested = /^(a|d|f|h|n|sa|su)(\d\d)$/.exec(base);
  const flat = /^(DC|JE|JK|KL)_(a|d|f|h|n|sa|su)(\d\d)$/.exec(base);
  const speakerCode = flat?.[1] ?? (nested && /^(DC|JE|JK|KL)$/.test(dirs.at(-1) ?? '') ? dirs.at(-1) : undefined);
  const code = flat?.[2] ?? nested?.[1];
  if (!speakerCode || !code) return null;
  const speaker = `savee:${speakerCode}`;
  return { clip: { path: relPath, corpus: 'savee', emotion: SAVEE_EMOTIONS[code], gender: 'male', speaker, group: speaker } };
}

/** CREMA-D's female actors (from its VideoDemographics table); the other 48 of 1001-1091 are male. */
const CREMAD_FEMALE = new Set([
  1002, 1003, 1004, 1006, 1007, 1008, 1009, 1010, 1012, 1013, 1018, 1020, 1021, 1024, 1025, 1028, 1029, 1030, 1037, 1043, 1046, 1047, 1049, 1052, 1053, 1054,
  1055, 1056, 1058, 1060, 1061, 1063, 1072, 1073, 1074, 1075, 1076, 1078, 1079, 1082, 1084, 1089, 1091,
]);

/** CREMA-D: `AAAA_SSS_EEE_LL` (actor 1001-1091, sentence, ANG/DIS/FEA/HAP/NEU/SAD, intensity). */
export function readCremad(relPath: string): NameReading {
  const m = /^(\d{4})_([A-Z]{3})_([A-Z]{3})_([A-Z]{2})$/.exec(parts(relPath).base);
  if (!m) return null;
  const actor = Number(m[1]);
  if (actor < 1001 || actor > 1091) return null;
  const emotion = parseEmotion(m[3]);
  if (!emotion) return { skipped: `CREMA-D emotion ${m[3]}` };
  const speaker = `cremad:${m[1]}`;
  const gender: Gender = CREMAD_FEMALE.has(actor) ? 'female' : 'male';
  return { clip: { path: relPath, corpus: 'cremad', emotion, gender, speaker, group: speaker } };
}

/** nEMO's nine actors and their genders (its `data.tsv`); names carry no gender of their own. */
const NEMO_GENDERS: Record<string, Gender> = {
  EB0: 'female',
  IC0: 'female',
  KD0: 'female',
  MK0: 'female',
  KS0: 'male',
  MP0: 'male',
  SM0: 'male',
  TP0: 'male',
  WR0: 'male',
};

/**
 * nEMO (Polish): `samples/<SPK>_<emotion>_<n>` with emotions anger, fear, happiness, neutral, sadness,
 * surprised (no disgust).
 */
export function readNemo(relPath: string): NameReading {
  const m = /^([A-Z]{2}\d)_(anger|fear|happiness|neutral|sadness|surprised)_(\d+)$/.exec(parts(relPath).base);
  const gender = m ? NEMO_GENDERS[m[1]] : undefined;
  if (!m || !gender) return null;
  const speaker = `nemo:${m[1]}`;
  return { clip: { path: relPath, corpus: 'nemo', emotion: parseEmotion(m[2])!, gender, speaker, group: speaker } };
}

const READERS = [readRavdess, readTess, readSavee, readCremad, readNemo];

/** Reads a clip's labels from its path relative to the dataset root, trying every corpus layout. */
export function readClipName(relPath: string): NameReading {
  for (const read of READERS) {
    const reading = read(relPath);
    if (reading) return reading;
  }
  return null;
}
