import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WITHOUT_SERVICE_WORKER } from './helpers';
import { expect, test } from './test';

test.use(WITHOUT_SERVICE_WORKER);

test('a missing model is a clear error, not a blank page', async ({ page }) => {
  await page.route('**/model/model.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('/');
  const card = page.getByTestId('model-info');
  await expect(card).toHaveAttribute('data-status', 'error', { timeout: 60_000 });
  await expect(card).toContainText('The model could not be loaded');
  await expect(page.getByTestId('record-toggle')).toBeDisabled();
  await expect(page.getByRole('heading', { name: 'Emotion Lens' })).toBeVisible();
});

test('without its speech detector the app still classifies speech, and says that non-speech is no longer refused', async ({ page }) => {
  await page.route('**/*.onnx', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('/');
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(page.getByTestId('speech-detector-error')).toContainText(
    /^Speech detection is off\. The speech detector cannot be loaded \(.*HTTP 404\)\. Noise and music/,
  );
  // The speech encoder runs in the same workers: the model's member on it is off too, and says so.
  await expect(page.getByTestId('encoder-member-error')).toContainText(
    /^The speech encoder's part of the model is off: it needs the speech encoder, whose workers/,
  );
  await page.getByTestId('file-input').setInputFiles(path.join(import.meta.dirname, 'fixtures', 'speech.flac'));
  await expect(page.locator('[data-testid="file-result"][data-file-name="speech.flac"]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
});

test("a missing file of the model's encoder member refuses the model, saying which part", async ({ page }) => {
  await page.route('**/model/encoder-conv/model.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('/');
  const card = page.getByTestId('model-info');
  await expect(card).toHaveAttribute('data-status', 'error', { timeout: 90_000 });
  await expect(card).toContainText("The model's encoder member cannot be loaded");
});

test('corrupt model metadata is refused with the reason', async ({ page }) => {
  await page.route('**/model/metadata.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"format": "emotion-lens-mo' }));
  await page.goto('/');
  await expect(page.getByTestId('model-info')).toContainText('not valid JSON', { timeout: 60_000 });
});

test('a model trained on other features is refused, naming the difference', async ({ page }) => {
  await page.route('**/model/metadata.json', async (route) => {
    const meta = await (await route.fetch()).json();
    meta.featureConfig.hopSize = 256;
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(meta) });
  });
  await page.goto('/');
  await expect(page.getByTestId('model-info')).toContainText('hopSize: 256 vs 512', { timeout: 60_000 });
});

test('the controls work from the keyboard', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  // The header's choice of voice profile comes first, then the live panel's button.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('voice-choice')).toBeFocused();
  await expect(page.getByTestId('voice-choice')).toHaveAccessibleName(/^Reading:/);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('record-toggle')).toBeFocused();
  await expect(page.getByTestId('record-toggle')).toHaveAccessibleName('Start listening');
});

test('the model card leads with the figure on speakers it never heard, beside chance', async ({ page }) => {
  const meta = JSON.parse(await readFile(path.join(import.meta.dirname, '..', 'public', 'model', 'metadata.json'), 'utf8'));
  const unseen = meta.metrics.headline.unseenSpeakers;
  await page.goto('/');
  const headline = page.getByTestId('model-headline');
  await expect(headline).toHaveAttribute('data-uar', String(unseen.uar), { timeout: 60_000 });
  await expect(headline).toContainText(`${Math.round(unseen.uar * 100)}%`);
  await expect(headline).toContainText('chance is 14%');
  // The pooled test figure, which counts TESS's seen speakers, is not what the card leads with.
  await expect(page.getByTestId('model-info').locator('p').first()).toHaveAttribute('data-testid', 'model-headline');
  await page.getByTestId('model-figures').locator('summary').click();
  await expect(page.getByTestId('model-info').getByRole('row', { name: /TESS/ })).toContainText('heard (other words)');
  // nEMO (Polish) is read but not trained on: the card says how the model reads it, beside its own chance.
  const polish = meta.metrics.headline.untrainedCorpora.nemo;
  const untrained = page.getByTestId('untrained-corpus');
  await expect(untrained).toHaveAttribute('data-uar', String(polish.uar));
  await expect(untrained).toContainText(
    `In Polish (nEMO, ${polish.n} recordings of a corpus left out of training): ${Math.round(polish.uar * 100)}% (chance is 17%)`,
  );
  // How far its percentages are from its hit rate on those speakers, and where it says "uncertain".
  const calibration = page.getByTestId('calibration-note');
  await expect(calibration).toHaveAttribute('data-ece', String(unseen.ece));
  await expect(calibration).toContainText(`on average ${Math.round(unseen.ece * 100)} points from how often such answers were right`);
  await expect(calibration).toContainText(`Under ${Math.round(meta.calibration.uncertainBelow * 100)}% it answers "uncertain"`);
});

test('a background race that could time nothing is said on the model card and run again at the next visit', async ({ page }) => {
  // The first request is the app's own load; the race's worker asks again, and gets nothing.
  let requests = 0;
  await page.route('**/model/model.json', (route) => (requests++ === 0 ? route.continue() : route.fulfill({ status: 503, body: 'unavailable' })));
  await page.goto('/');
  const card = page.getByTestId('model-info');
  await expect(card).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(card).toContainText(
    /the race of webgl and wasm timed nothing \(webgl: The model cannot be loaded \(.*\); wasm: The model cannot be loaded \(.*\)\); it runs again at the next visit/,
    { timeout: 60_000 },
  );
  expect(await page.evaluate(() => localStorage.getItem('emotion-lens.fastest-backend'))).toBeNull();
});
