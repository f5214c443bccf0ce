import { type Browser, type BrowserContext, type Page, chromium } from 'playwright';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { type PreviewServer, preview } from 'vite';
import { createMp3Encoder } from 'wasm-media-encoders';
import wavefile from 'wavefile';
import { fixtureSpeech } from '../e2e/speech-fixture';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';
import type { VoiceProfile } from '../src/core/voice/profile';
import { type Figure, fromValues } from './measure';

const repo = path.resolve(import.meta.dirname, '..');
const PORT = 4180;
const BASE = `http://localhost:${PORT}/`;
const MIC = path.join(repo, 'e2e', 'fixtures', 'mic-speech.wav');

/** The page-side hooks that `?bench` exposes (see src/main.tsx). */
interface Hooks {
  analysis: {
    benchFeatures(seconds: number): Promise<number>;
    benchSpeech(seconds: number): Promise<number>;
    benchInference(runs: number): Promise<number[]>;
    benchWindows(runs: number): Promise<number[]>;
    benchStages(bytes: Uint8Array): Promise<Record<'decode' | 'resample' | 'speech' | 'features' | 'inference', number>>;
    tensorCount(): Promise<number>;
    newVoiceProfile(name: string, id: string): Promise<VoiceProfile>;
    voiceSampleOfFile(file: Blob): Promise<{ windows: VoiceProfile['clips'][number]['windows']; speechSeconds: number }>;
    fitVoiceProfile(profile: VoiceProfile): Promise<VoiceProfile>;
    useVoice(profile: VoiceProfile | null): Promise<void>;
  };
  useLive: {
    getState(): { status: string; updates: number; latencyMs: number; start(): Promise<void>; stop(): Promise<void> };
    subscribe(f: (s: { updates: number; latencyMs: number }) => void): () => void;
  };
  useFiles: { getState(): { items: { status: string }[]; add(files: File[]): void; clear(): void } };
}
declare const emotionLensBench: Hooks;
declare function gc(): void;

/** The app, ready, and done with the first visit's background race of WebGL and wasm (which would compete for the cores). */
async function openApp(context: BrowserContext, query = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${BASE}?bench${query}`);
  await page.waitForSelector('[data-testid="model-info"][data-status="ready"]', { timeout: 120_000 });
  if (!query.includes('backend=')) await raceEnded(page);
  return page;
}

/** Waits until the background race has remembered its winner. */
async function raceEnded(page: Page): Promise<void> {
  await page.waitForFunction(() => localStorage.getItem('emotion-lens.fastest-backend') !== null, null, { timeout: 120_000 });
}

/** A minute of speech, 44.1 kHz mono 16-bit. */
function minuteOfSpeech(): number[] {
  // The espeak-ng sentence of the e2e fixtures over and over: speech the speech detector keeps.
  const { samples: voice, rate } = fixtureSpeech();
  const samples = Int16Array.from({ length: 60 * rate }, (_, i) => Math.round(voice[i % voice.length] * 32767));
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, rate, '16', samples);
  return [...wav.toBuffer()];
}

/**
 * `minutes` of the speech as a 44.1 kHz stereo MP3 at 128 kbit/s, as a user's long recording comes (the
 * right channel lags by 5 ms, so the mixdown has two different channels to mix).
 */
async function speechMp3(minutes: number): Promise<number[]> {
  const { samples: voice, rate } = fixtureSpeech();
  const encoder = await createMp3Encoder();
  encoder.configure({ sampleRate: rate, channels: 2, bitrate: 128 });
  const lag = Math.round(0.005 * rate);
  // The encoder owns the bytes it returns: each part is copied before the next call.
  const parts: Buffer[] = [];
  const chunk = 10 * rate;
  for (let start = 0; start < minutes * 60 * rate; start += chunk) {
    const left = Float32Array.from({ length: chunk }, (_, i) => voice[(start + i) % voice.length]);
    const right = Float32Array.from({ length: chunk }, (_, i) => voice[(start + i + voice.length - lag) % voice.length]);
    parts.push(Buffer.from(encoder.encode([left, right])));
  }
  parts.push(Buffer.from(encoder.finalize()));
  return [...Buffer.concat(parts)];
}

/** Time from adding `count` files (bytes) through the app's file queue until all are done, in ms. */
async function analyseFiles(page: Page, bytes: number[], count: number): Promise<number> {
  return page.evaluate(
    async ({ bytes, count }) => {
      const files = Array.from({ length: count }, (_, i) => new File([new Uint8Array(bytes)], `bench-${i}`));
      const store = emotionLensBench.useFiles;
      store.getState().clear();
      const start = performance.now();
      store.getState().add(files);
      while (store.getState().items.some((i) => i.status === 'queued' || i.status === 'processing')) await new Promise((r) => setTimeout(r, 20));
      const elapsed = performance.now() - start;
      if (store.getState().items.some((i) => i.status !== 'done')) throw new Error('a benchmark file failed');
      return elapsed;
    },
    { bytes, count },
  );
}

async function backendFigures(browser: Browser): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
    const context = await browser.newContext();
    const page = await openApp(context, `&backend=${backend}`);
    const active = await page.getByTestId('backend').textContent();
    if (active !== backend) throw new Error(`asked for ${backend}, the app runs on ${active}`);
    const times = await page.evaluate((runs) => emotionLensBench.analysis.benchInference(runs), backend === 'cpu' ? 5 : 20);
    figures.push(fromValues(`inference.ms.chromium.${backend}`, 'ms per window', times));
    await context.close();
  }
  return figures;
}

/** The app as users get it: the default backend choice, the worker's features, whole files, memory. */
async function defaultFigures(browser: Browser): Promise<Figure[]> {
  const context = await browser.newContext();
  const page = await openApp(context);
  const backend = await page.getByTestId('backend').textContent();
  const rtf: number[] = [];
  for (let i = 0; i < 6; i++) rtf.push(await page.evaluate(() => emotionLensBench.analysis.benchFeatures(30)));
  const speech: number[] = [];
  for (let i = 0; i < 3; i++) speech.push(await page.evaluate(() => emotionLensBench.analysis.benchSpeech(600)));
  const minute = minuteOfSpeech();
  await analyseFiles(page, minute, 1);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push(60 / ((await analyseFiles(page, minute, 1)) / 1000));
  const { trainMs, profile } = await voiceTraining(page);
  await page.evaluate((p) => emotionLensBench.analysis.useVoice(p), profile);
  const voiceRuns: number[] = [];
  for (let i = 0; i < 3; i++) voiceRuns.push(60 / ((await analyseFiles(page, minute, 1)) / 1000));
  await page.evaluate(() => emotionLensBench.analysis.useVoice(null));
  const long = await speechMp3(15);
  const longRuns = await longFileRtf(page, long);
  // Where the time goes, per minute of a 44.1 kHz stereo MP3: each stage timed alone in the worker.
  const stages: Awaited<ReturnType<Hooks['analysis']['benchStages']>>[] = [];
  const mp3Minute = await speechMp3(1);
  for (let i = 0; i < 4; i++) stages.push(await page.evaluate((bytes) => emotionLensBench.analysis.benchStages(new Uint8Array(bytes)), mp3Minute));
  const figures = [
    fromValues('features.rtf.worker', 'x real time', rtf.slice(1)),
    fromValues('speech.rtf.worker', 'x real time (600 s block)', speech),
    fromValues('file.rtf.chromium', `x real time (60 s file, default backend: ${backend})`, runs),
    fromValues('file.rtf.chromium.voice', `x real time (60 s file read through a taught voice profile, ${backend})`, voiceRuns),
    fromValues(
      'voice.train_ms.chromium',
      'ms to teach a voice profile 2 clips of each emotion (14 clips) in the worker, its leave-one-out check included',
      trainMs,
    ),
    fromValues('file.rtf.chromium.long', `x real time (15-minute 44.1 kHz stereo MP3, ${backend})`, longRuns),
    ...(['decode', 'resample', 'speech', 'features', 'inference'] as const).map((stage) =>
      fromValues(
        `file.stage_ms.${stage}`,
        `ms per minute of 44.1 kHz stereo MP3 (${backend})`,
        stages.slice(1).map((s) => s[stage]),
      ),
    ),
    ...(await memoryFigures(page, backend ?? '')),
    ...(await longFileMemory(page)),
  ];
  await context.close();
  return figures;
}

/** Real-time factors of two readings of a long recording (`bytes`) through the app's file queue. */
async function longFileRtf(page: Page, bytes: number[]): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < 2; i++) runs.push(900 / ((await analyseFiles(page, bytes, 1)) / 1000));
  return runs;
}

/**
 * The long recording read by the feature ensemble alone (the model's metadata served without its encoder
 * member, so the same weights the app shipped before the member), beside the shipped model in the same run.
 */
async function featuresOnlyFigures(browser: Browser): Promise<Figure[]> {
  const context = await browser.newContext();
  await context.route('**/model/metadata.json', async (route) => {
    const meta = await (await route.fetch()).json();
    delete meta.encoderMember;
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(meta) });
  });
  // On wasm, as the shipped model's figures are taken here (the default backend, and inference.ms.chromium.wasm).
  const page = await openApp(context, '&backend=wasm');
  const inference = await page.evaluate((runs) => emotionLensBench.analysis.benchInference(runs), 20);
  const runs = await longFileRtf(page, await speechMp3(15));
  await context.close();
  return [
    fromValues('inference.ms.chromium.wasm.features_only', 'ms per window (the feature ensemble without the encoder member)', inference),
    fromValues('file.rtf.chromium.long.features_only', 'x real time (the same MP3, the feature ensemble without the encoder member, wasm)', runs),
  ];
}

/**
 * A profile taught 2 clips of each emotion (14 clips of the speech fixture, the worker's own voice samples
 * of it) as the app teaches one: the worker's fit, timed 5 times after a first; and the fitted profile.
 */
async function voiceTraining(page: Page): Promise<{ trainMs: number[]; profile: VoiceProfile }> {
  const flac = [...(await readFile(path.join(repo, 'e2e', 'fixtures', 'speech.flac')))];
  return page.evaluate(async (bytes) => {
    const api = emotionLensBench.analysis;
    const sample = await api.voiceSampleOfFile(new Blob([new Uint8Array(bytes)]));
    const emotions = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'] as const;
    const clips = emotions.flatMap((emotion) =>
      [0, 1].map((n) => ({ id: `${emotion}${n}`, emotion, seconds: sample.speechSeconds, source: 'taught' as const, windows: sample.windows })),
    );
    const profile = { ...(await api.newVoiceProfile('bench', 'bench')), clips };
    const times: number[] = [];
    let fitted = await api.fitVoiceProfile(profile);
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      fitted = await api.fitVoiceProfile(profile);
      times.push(performance.now() - start);
    }
    return { trainMs: times, profile: fitted };
  }, flac);
}

/** Resident memory of Chromium's renderer processes (the page and its workers), in bytes, from Linux's /proc. */
async function rendererRss(): Promise<number> {
  let total = 0;
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const [cmdline, status] = await Promise.all([readFile(`/proc/${pid}/cmdline`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]).catch(() => ['', '']);
    if (!cmdline.includes('--type=renderer')) continue;
    total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  }
  return total;
}

/**
 * The renderers' memory while the app analyses a 2-hour recording (the speech over and over, 11.025 kHz mono
 * 16-bit WAV, 159 MB): its peak over the start, sampled every 0.5 s, and what is left once it is done.
 */
async function longFileMemory(page: Page): Promise<Figure[]> {
  const { samples: voice, rate } = fixtureSpeech();
  const minutes = 120;
  const wav = new wavefile.WaveFile();
  wav.fromScratch(
    1,
    rate / 4,
    '16',
    Int16Array.from({ length: (60 * rate) / 4 }, (_, i) => Math.round(voice[(i * 4) % voice.length] * 32767)),
  );
  const minute = Buffer.from(wav.toBuffer());
  // Its 44-byte header, sized for the two hours; the page repeats the minute's samples after it.
  const header = Buffer.from(minute.subarray(0, 44));
  const pcmBytes = minute.length - 44;
  header.writeUInt32LE(36 + pcmBytes * minutes, 4);
  header.writeUInt32LE(pcmBytes * minutes, 40);
  const before = await rendererRss();
  let peak = before;
  const sampler = setInterval(() => void rendererRss().then((rss) => (peak = Math.max(peak, rss))), 500);
  try {
    await page.evaluate(
      async ({ header, pcm, minutes }) => {
        const samples = new Uint8Array(pcm);
        // Blob parts share the one minute: the page never holds the two hours at once.
        const file = new File([new Uint8Array(header), ...Array.from({ length: minutes }, () => samples)], 'two-hours.wav');
        const store = emotionLensBench.useFiles;
        store.getState().clear();
        store.getState().add([file]);
        while (store.getState().items.some((i) => i.status === 'queued' || i.status === 'processing')) await new Promise((r) => setTimeout(r, 200));
        if (store.getState().items.some((i) => i.status !== 'done')) throw new Error('the 2-hour file failed');
      },
      { header: [...header], pcm: [...minute.subarray(44)], minutes },
    );
  } finally {
    clearInterval(sampler);
  }
  const after = await rendererRss();
  await page.evaluate(() => emotionLensBench.useFiles.getState().clear());
  return [
    fromValues('memory.long_file.peak_rss_growth_bytes', "bytes (renderers' resident memory over the start, peak while analysing a 2-hour WAV)", [
      peak - before,
    ]),
    fromValues('memory.long_file.rss_growth_bytes', "bytes (renderers' resident memory over the start, once the 2-hour WAV is done)", [after - before]),
  ];
}

async function memoryFigures(page: Page, backend: string): Promise<Figure[]> {
  const heap = () =>
    page.evaluate(() => {
      gc();
      return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
    });
  const tensors = () => page.evaluate(() => emotionLensBench.analysis.tensorCount());
  const short = [...(await import('node:fs/promises').then((fs) => fs.readFile(path.join(repo, 'e2e', 'fixtures', 'speech.flac'))))];
  const [t0, h0] = [await tensors(), await heap()];
  const windows = await page.evaluate(() => emotionLensBench.analysis.benchWindows(1000));
  const [t1, h1] = [await tensors(), await heap()];
  await analyseFiles(page, short, 20);
  await page.evaluate(() => emotionLensBench.useFiles.getState().clear());
  const [t2, h2] = [await tensors(), await heap()];
  return [
    fromValues('live.window_ms', `ms per live window (features + model, ${backend})`, windows),
    fromValues('memory.tensor_growth', 'tensors (after 1000 windows; after 20 files)', [t1 - t0, t2 - t0]),
    fromValues('memory.heap_growth_bytes', 'bytes of page heap (after 1000 windows; after 20 files)', [h1 - h0, h2 - h0]),
  ];
}

async function liveFigures(): Promise<Figure[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${MIC}`],
  });
  const page = await openApp(await browser.newContext());
  const result = await page.evaluate(async () => {
    const live = emotionLensBench.useLive;
    const latencies: number[] = [];
    let longest = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
    let seen = 0;
    const unsubscribe = live.subscribe((s) => {
      if (s.updates > seen) {
        seen = s.updates;
        latencies.push(s.latencyMs);
      }
    });
    await live.getState().start();
    await new Promise((r) => setTimeout(r, 2000));
    const [u0, t0] = [live.getState().updates, performance.now()];
    await new Promise((r) => setTimeout(r, 15000));
    const rate = (live.getState().updates - u0) / ((performance.now() - t0) / 1000);
    unsubscribe();
    observer.disconnect();
    await live.getState().stop();
    return { rate, latencies, longest };
  });
  await browser.close();
  return [
    fromValues('live.updates_per_s', 'updates per second', [result.rate]),
    fromValues('live.latency_ms', 'ms from audio in the worker to the page', result.latencies),
    fromValues('live.longest_task_ms', 'ms (longest main-thread task while live; 0 = none over 50 ms)', [result.longest]),
  ];
}

async function startupFigures(browser: Browser): Promise<Figure[]> {
  const online: number[] = [];
  const offline: number[] = [];
  const firstPrediction = async (page: Page) => {
    // The model's load ends with a warm-up prediction: 'ready' is the first prediction.
    await page.waitForSelector('[data-testid="model-info"][data-status="ready"]', { timeout: 120_000 });
    return page.evaluate(() => performance.now());
  };
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(BASE);
    online.push(await firstPrediction(page));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // A returning visitor: the first visit's race has ended and been remembered.
    await raceEnded(page);
    await context.setOffline(true);
    for (let j = 0; j < 2; j++) {
      await page.reload();
      offline.push(await firstPrediction(page));
    }
    await context.close();
  }
  return [
    fromValues('startup.first_prediction_ms.online', 'ms from navigation (first visit)', online),
    fromValues('startup.first_prediction_ms.offline', 'ms from navigation (offline, service worker)', offline),
  ];
}

/** Everything measured in Debian's Chromium against the production build in `distDir`. */
export async function browserFigures(distDir: string): Promise<Figure[]> {
  const server: PreviewServer = await preview({ root: repo, logLevel: 'silent', build: { outDir: distDir }, preview: { port: PORT, strictPort: true } });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'] });
  try {
    return [
      ...(await backendFigures(browser)),
      ...(await defaultFigures(browser)),
      ...(await featuresOnlyFigures(browser)),
      ...(await liveFigures()),
      ...(await startupFigures(browser)),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
