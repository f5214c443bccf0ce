import { readFile } from 'node:fs/promises';
import { noResultStatus } from '../../src/core/classify';
import { FEATURE_CONFIG } from '../../src/core/config';
import { errorMessage } from '../../src/core/errors';
import { type ClipRecord, clipsCsv, provenanceOf, resultsJson, windowsCsv } from '../../src/core/export';
import { EMOTIONS } from '../../src/core/labels';
import { DEFAULT_UNCERTAIN_BELOW, readoutText } from '../../src/core/readout';
import { countsText, utteranceSummary } from '../../src/core/utterances';
import type { ModelMetadata } from '../../src/core/model';
import { type VoiceReader, voiceReader } from '../../src/core/voice/fit';
import { parseVoiceProfile } from '../../src/core/voice/profile';
import { classifyFile } from '../eval/classify-file';
import { markdownTable } from '../eval/report';
import { loadSpeechDetector } from '../speech';
import { loadEmotionModel } from '../tf/load';

export type ClassifyFormat = 'table' | 'csv' | 'windows-csv' | 'json';

/** The answers, as the app gives them, for files on disk; CSV and JSON are the app's own exports. */
/** A voice profile file, checked against the model and fitted, as the app would read it. */
async function profileReader(file: string, meta: ModelMetadata): Promise<{ name: string; reader: VoiceReader }> {
  const text = await readFile(file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not a voice profile (the file is not JSON)`);
  }
  try {
    const profile = parseVoiceProfile(value, meta);
    if (!profile.fit) throw new Error('it has learned nothing yet (no baseline, no taught clips)');
    if (!meta.voice) throw new Error('the model has no voice heads');
    return { name: profile.name, reader: voiceReader(profile.fit, meta.voice) };
  } catch (error) {
    throw new Error(`${file}: ${errorMessage(error)}`, { cause: error });
  }
}

export async function classifyCommand(files: string[], opts: { model: string; format: ClassifyFormat; profile?: string }): Promise<void> {
  const model = await loadEmotionModel(opts.model);
  const voice = opts.profile ? await profileReader(opts.profile, model.meta) : undefined;
  const speech = await loadSpeechDetector();
  const uncertainBelow = model.meta.calibration?.uncertainBelow ?? DEFAULT_UNCERTAIN_BELOW;
  const records: ClipRecord[] = [];
  for (const file of files) {
    try {
      records.push({ file, status: 'done', ...(await classifyFile(file, model, speech, undefined, voice?.reader)), voiceProfile: voice?.name });
    } catch (error) {
      records.push({ file, status: noResultStatus(error), error: errorMessage(error) });
    }
  }
  if (opts.format === 'csv') process.stdout.write(clipsCsv(records, uncertainBelow));
  else if (opts.format === 'windows-csv') process.stdout.write(windowsCsv(records, uncertainBelow));
  else if (opts.format === 'json') {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const provenance = provenanceOf(`Emotion Lens ${version} (npm run classify)`, model.meta, FEATURE_CONFIG.version, uncertainBelow);
    process.stdout.write(resultsJson(records, provenance));
  } else {
    const header = ['file', 'answer', 'utterances', 'speech heard / classified (s)', ...EMOTIONS, 'gender', 'error'];
    const body = records.map(({ file, result, error }) => [
      file,
      result ? readoutText(utteranceSummary(result, uncertainBelow).overall) : '',
      result ? countsText(utteranceSummary(result, uncertainBelow).counts) : '',
      result?.speech ? `${result.speech.detectedSeconds.toFixed(1)} / ${result.speech.classifiedSeconds.toFixed(1)}` : '',
      ...EMOTIONS.map((e) => result?.emotions[e].toFixed(3) ?? ''),
      result?.topGender ?? '',
      error ?? '',
    ]);
    if (voice) console.log(`Read as ${voice.name}'s voice (${opts.profile})\n`);
    console.log(markdownTable(header, body));
  }
  // A file with no voice in it got its answer; only a failure fails the command.
  if (records.some((r) => r.status === 'error')) process.exitCode = 1;
}
