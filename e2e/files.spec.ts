import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { readFile } from 'node:fs/promises';
import wavefile from 'wavefile';
import { nonSpeech } from '../src/core/testing/non-speech';
import { WITHOUT_SERVICE_WORKER, fixture, fixtureSpeech, openApp } from './helpers';

test.use(WITHOUT_SERVICE_WORKER);

const FORMATS = ['speech-pcm16.wav', 'speech-float32.wav', 'speech.flac', 'speech.mp3', 'speech.ogg', 'speech.m4a', 'speech.webm'];

const BAD_INPUT: [string, RegExp][] = [
  ['empty.wav', /empty \(0 bytes\)/],
  ['notes.wav', /Not an audio file/],
  ['truncated.wav', /too short \(2 ms\)/],
  ['corrupt.flac', /FLAC file holds no audio the decoder can read: it is corrupt/],
  ['tune.mid', /MID format is not supported/],
];

test('starts on wasm at once, times WebGL beside it, and starts later visits on the faster', async ({ page }) => {
  expect(await openApp(page)).toBe('wasm');
  // WebGL is timed in the background, in a worker of its own; the faster backend is remembered.
  const fastest = () => page.evaluate(() => localStorage.getItem('emotion-lens.fastest-backend'));
  await expect.poll(fastest, { timeout: 90_000 }).toMatch(/^(webgl|wasm)$/);
  const winner = await fastest();
  // Where wasm won (software WebGL here), the model card says by how much WebGL was slower.
  if (winner === 'wasm') await expect(page.getByTestId('model-info')).toContainText(/webgl: slower here \(\d+ ms vs \d+ ms per window on wasm\)/);
  await page.reload();
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(page.getByTestId('backend')).toHaveText(winner!);
  await expect(page.getByTestId('model-info')).not.toContainText('slower here');
  expect(await openApp(page, '?backend=webgl')).toBe('webgl');
});

test.describe('dropped recordings', () => {
  test('every format gives a result, and bad files get their own error', async ({ page }) => {
    await openApp(page);
    const names = [...FORMATS, ...BAD_INPUT.map(([name]) => name), 'silence.wav'];
    await page.getByTestId('file-input').setInputFiles(names.map(fixture));
    // So many recordings make a list, each with its answer or why it has none.
    const row = (name: string) => page.locator(`[data-testid="recording-row"][data-name="${name}"]`);
    for (const name of FORMATS) {
      await expect(row(name), name).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
      await expect(row(name), name).toHaveAttribute('data-emotion', /^(angry|disgust|fear|happy|neutral|sad|surprise|uncertain)$/);
      expect(Number(await row(name).getAttribute('data-confidence')), name).toBeGreaterThan(1 / 7);
    }
    for (const [name, message] of BAD_INPUT) {
      await expect(row(name), name).toHaveAttribute('data-status', 'error');
      await expect(row(name).getByTestId('row-error'), name).toHaveText(message);
    }
    // Silence was analysed and holds nothing to classify: an answer, not a failure.
    await expect(row('silence.wav')).toHaveAttribute('data-status', 'no-speech');
    await expect(row('silence.wav')).toContainText('no speech');
    // Its card, opened from the list, says so too.
    await row('silence.wav').getByRole('button', { name: 'silence.wav' }).click();
    const silence = page.locator('[data-testid="file-result"][data-file-name="silence.wav"]');
    await expect(silence.getByTestId('file-status')).toHaveText('no speech');
    await expect(silence.getByTestId('error-message')).toHaveText(/silent: no speech/);
    await expect(page.getByTestId('queue-summary')).toHaveText(
      `${names.length} recordings: ${FORMATS.length} with a result, 1 with no speech, ${BAD_INPUT.length} failed`,
    );
    // The same speech in seven codecs: the same verdict from (nearly) all of them.
    const tops = await page.locator('[data-testid="recording-row"][data-status="done"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-emotion')));
    const counts = new Map<string, number>();
    for (const t of tops) counts.set(t!, (counts.get(t!) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeGreaterThanOrEqual(5);
  });

  test('an MP3 of two equal channels is said to be stereo, as its header says, and a mono one mono', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('file-input').setInputFiles([fixture('speech-dual-mono.mp3'), fixture('speech.mp3')]);
    await expect(page.locator('[data-testid="file-result"][data-file-name="speech-dual-mono.mp3"]')).toContainText('44100 Hz, stereo', { timeout: 60_000 });
    await expect(page.locator('[data-testid="file-result"][data-file-name="speech.mp3"]')).toContainText('22050 Hz, mono', { timeout: 60_000 });
  });

  test('a recording too quiet to count as speech is told so, with its level, not called silent', async ({ page }) => {
    await openApp(page);
    // 2 s of a 250 Hz tone at -58 dBFS RMS (3 dB under the speech floor), 32-bit float at 16 kHz.
    const tone = Float64Array.from({ length: 32000 }, (_, i) => Math.SQRT2 * 10 ** (-58 / 20) * Math.sin((2 * Math.PI * 250 * i) / 16000));
    const wav = new wavefile.WaveFile();
    wav.fromScratch(1, 16000, '32f', tone);
    await page.getByTestId('file-input').setInputFiles({ name: 'whisper.wav', mimeType: 'audio/wav', buffer: Buffer.from(wav.toBuffer()) });
    const card = page.locator('[data-testid="file-result"][data-file-name="whisper.wav"]');
    await expect(card).toHaveAttribute('data-status', 'no-speech');
    await expect(card.getByTestId('error-message')).toHaveText(
      'The recording is too quiet to classify: its loudest moment is at -58.0 dBFS, under the -55 dBFS that counts as speech. Record closer to the microphone, or amplify the file',
    );
  });

  test('noise, tones and music get no emotion: the file says no speech was found', async ({ page }) => {
    await openApp(page);
    const sounds = ['pink noise', 'tone 440 Hz', 'music: piano', 'music: drums'];
    await page.getByTestId('file-input').setInputFiles(sounds.map((name) => wavFile(`${name}.wav`, nonSpeech(name, 6, 44100), 44100)));
    for (const name of sounds) {
      const card = page.locator(`[data-testid="file-result"][data-file-name="${name}.wav"]`);
      await expect(card, name).toHaveAttribute('data-status', 'no-speech', { timeout: 60_000 });
      await expect(card.getByTestId('error-message'), name).toHaveText(/^No speech found: the recording holds sound \(noise, music or tones\) but no voice/);
    }
  });

  test('music before the speech is left out of the result, like silence', async ({ page }) => {
    await openApp(page);
    const { samples: voice, rate } = fixtureSpeech();
    const music = nonSpeech('music: piano', 8, rate);
    await page.getByTestId('file-input').setInputFiles(wavFile('piano then speech.wav', new Float32Array([...music, ...voice]), rate));
    const card = page.locator('[data-testid="file-result"][data-file-name="piano then speech.wav"]');
    await expect(card).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    // The first segment starts where the voice does (8 s), not in the music.
    const first = Number(await card.getByTestId('segment').first().getAttribute('data-start'));
    expect(Math.abs(first - 8)).toBeLessThan(1);
    const speechSeconds = Number(await card.getByTestId('file-summary').getAttribute('data-speech-seconds'));
    expect(speechSeconds).toBeGreaterThan(voice.length / rate - 1.5);
    expect(speechSeconds).toBeLessThanOrEqual(voice.length / rate + 1);
  });

  test('a file dropped while the model loads waits for it, saying so, then gets its result', async ({ page }) => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/model/model.json', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/');
    await dropOnPage(page, fixture('speech.flac'), 'early.flac');
    const card = page.locator('[data-testid="file-result"][data-file-name="early.flac"]');
    await expect(card.getByTestId('file-status')).toHaveText('waiting for the model to load…');
    release();
    await expect(card).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await expect(card.getByTestId('file-status')).toHaveText('done');
  });

  test('drag and drop onto the drop zone, then export CSV and JSON', async ({ page }) => {
    await openApp(page);
    await dropOnPage(page, fixture('speech.flac'), 'dropped.flac');
    const card = page.locator('[data-testid="file-result"][data-file-name="dropped.flac"]');
    await expect(card).toHaveAttribute('data-status', 'done');
    // A 5 s clip is three windows: no timeline to draw, and it says so.
    await expect(card.getByTestId('no-timeline')).toHaveText(/^3 overlapping 3 s windows: too short for a timeline/);

    const save = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
    };
    const perFile = await save('Export CSV: recordings');
    expect(perFile.name).toMatch(/^emotion-lens-recordings-\d{4}-\d\d-\d\d\.csv$/);
    expect(perFile.text.split('\n')[0]).toBe(
      'file,status,duration_s,emotion,confidence,p_angry,p_disgust,p_fear,p_happy,p_neutral,p_sad,p_surprise,gender,p_female,voice_profile,error',
    );
    expect(perFile.text).toContain(`dropped.flac,done,`);
    const perWindow = await save('Export CSV: 3 s windows');
    const windowLines = perWindow.text.trim().split('\n');
    expect(windowLines[0]).toBe('file,start_s,end_s,emotion,confidence,p_angry,p_disgust,p_fear,p_happy,p_neutral,p_sad,p_surprise,gender,p_female');
    const json = await save('Export JSON');
    const results = JSON.parse(json.text);
    expect(results.app).toMatch(/^Emotion Lens \d+\.\d+\.\d+\+[0-9a-f]{7}/);
    expect(results.model).toMatch(/ trained \d{4}-/);
    expect(results.featureConfigVersion).toBe(1);
    const [recording] = results.recordings;
    expect(recording.file).toBe('dropped.flac');
    expect(recording.windows.length).toBe(windowLines.length - 1);
    expect(Object.keys(recording.windows[0].emotions)).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise']);
    expect(recording.emotion).toBe(await card.getAttribute('data-top-emotion'));
    expect(String(recording.confidence)).toBe(await card.getAttribute('data-confidence'));
    await expect(page.getByTestId('build-id')).toHaveText(results.app.replace('Emotion Lens ', ''));
  });

  test('an answer under the confidence threshold says "uncertain" between the two likeliest emotions', async ({ page }) => {
    // A model whose threshold no answer reaches: every result must be uncertain, never a confident label.
    await page.route('**/model/metadata.json', async (route) => {
      const meta = await (await route.fetch()).json();
      meta.calibration = { temperature: meta.calibration?.temperature ?? 1, uncertainBelow: 1 };
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(meta) });
    });
    await openApp(page);
    await page.getByTestId('file-input').setInputFiles(fixture('speech.flac'));
    const card = page.locator('[data-testid="file-result"][data-file-name="speech.flac"]');
    await expect(card).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(card).toHaveAttribute('data-top-emotion', 'uncertain');
    await expect(card.getByTestId('overall')).toHaveText(
      /^uncertain: (angry|disgust|fear|happy|neutral|sad|surprise) or (angry|disgust|fear|happy|neutral|sad|surprise)$/,
    );
  });
});

function wavFile(name: string, samples: Float32Array, rate: number) {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, rate, '32f', Float64Array.from(samples));
  return { name, mimeType: 'audio/wav', buffer: Buffer.from(wav.toBuffer()) };
}

/** Drops a file on the drop zone as a user dragging it from their desktop would. */
async function dropOnPage(page: Page, file: string, name: string): Promise<void> {
  const bytes = await readFile(file);
  const dataTransfer = await page.evaluateHandle(
    ([data, fileName]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], fileName, { type: 'audio/flac' }));
      return transfer;
    },
    [[...bytes], name] as const,
  );
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
}
