import { readFile, writeFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { CHROMIUM_PATH } from './chromium.ts';
import { fakeMicrophone, fixture, keptCount, openApp, readStore } from './helpers';

// A fake microphone playing a project-made speaker (espeak-ng reading a passage), over and over.
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: fakeMicrophone(fixture('voice-speech.wav'), { loop: true }) } });

const profile = (page: Page, name: string) => page.locator(`[data-testid="voice-profile"][data-name="${name}"]`);

/** Drops speech.flac and waits for its result: its top emotion's confidence, and the profile it was read with. */
async function analyse(page: Page, nth: number) {
  await page.getByTestId('file-input').setInputFiles(fixture('speech.flac'));
  const result = page.getByTestId('file-result').nth(nth);
  await expect(result).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  return { confidence: Number(await result.getAttribute('data-confidence')), voice: await result.getAttribute('data-voice-profile') };
}

test('a voice profile is made, baselined and taught from the microphone, kept, used, exported, deleted and imported', async ({ page }) => {
  test.setTimeout(240_000);
  page.on('dialog', (dialog) => void dialog.accept());
  await openApp(page);
  const panel = page.getByTestId('voice-panel');
  await expect(page.getByTestId('voice-active')).toHaveText('');

  await panel.getByTestId('voice-profile-name').fill('Anna');
  await panel.getByTestId('voice-profile-create').click();
  await expect(profile(page, 'Anna')).toHaveAttribute('data-clips', '0');
  // Nothing learned yet: it cannot be used.
  await expect(profile(page, 'Anna').getByTestId('voice-use')).toBeDisabled();

  // A baseline stopped too soon is refused, and the profile stays as it was.
  await panel.getByTestId('voice-baseline-start').click();
  await expect(panel.getByTestId('voice-speech-seconds')).toHaveAttribute('data-seconds', /^[1-9]/, { timeout: 20_000 });
  await panel.getByTestId('voice-baseline-stop').click();
  await expect(panel.getByTestId('voice-message')).toContainText(/The baseline holds \d+ s of speech; it needs at least 10 s/);
  await expect(profile(page, 'Anna').getByTestId('voice-use')).toBeDisabled();

  // A calm baseline of more than 10 s of speech, counted by the speech detector.
  await panel.getByTestId('voice-baseline-start').click();
  await expect.poll(async () => Number(await panel.getByTestId('voice-speech-seconds').getAttribute('data-seconds')), { timeout: 40_000 }).toBeGreaterThan(11);
  await expect(panel.getByTestId('voice-progress')).toHaveAttribute('data-fraction', /^0\.[3-9]/);
  await panel.getByTestId('voice-baseline-stop').click();
  await expect(panel.getByTestId('voice-message')).toContainText(/Baseline kept: \d+ s of calm speech/);
  await expect(profile(page, 'Anna').getByTestId('voice-use')).toBeEnabled();

  // Taught one clip of each emotion, as prompted.
  await panel.getByTestId('voice-clips-per-emotion').selectOption('1');
  await panel.getByTestId('voice-teach-start').click();
  const seen: string[] = [];
  for (let i = 0; i < 7; i++) {
    const prompt = panel.getByTestId('voice-prompt');
    seen.push((await prompt.getAttribute('data-emotion')) ?? '');
    await prompt.getByTestId('voice-clip-start').click();
    await expect.poll(async () => Number(await panel.getByTestId('voice-clip-seconds').getAttribute('data-seconds')), { timeout: 20_000 }).toBeGreaterThan(1.5);
    await prompt.getByTestId('voice-clip-stop').click();
    await expect(profile(page, 'Anna')).toHaveAttribute('data-clips', String(i + 1), { timeout: 20_000 });
    // Until every emotion has a clip, the panel says which have none.
    if (i === 0) await expect(panel.getByTestId('voice-missing')).toContainText('No clip yet of disgust, fear, happy, neutral, sad, surprise');
  }
  await expect(panel.getByTestId('voice-missing')).toHaveCount(0);
  expect(seen.sort()).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise']);
  await expect(panel.getByTestId('voice-prompt')).toHaveCount(0);
  await expect(panel.getByTestId('voice-message')).toContainText('Taught: 1 clip of each emotion');
  // It says how well it reads its own clips, each left out of its own teaching, beside the general model.
  await expect(panel.getByTestId('voice-check')).toHaveAttribute('data-clips', '7');
  await expect(panel.getByTestId('voice-check')).toContainText(/\d+% right; the general model \d+%/);

  // The general model's answer for a file, then the same file read as Anna's voice.
  const general = await analyse(page, 0);
  expect(general.voice).toBe('');
  await profile(page, 'Anna').getByTestId('voice-use').click();
  await expect(page.getByTestId('voice-active')).toHaveText('Anna');
  await expect(page.getByTestId('voice-choice')).toHaveValue(/.+/);
  const adapted = await analyse(page, 1);
  expect(adapted.voice).toBe('Anna');
  expect(Math.abs(adapted.confidence - general.confidence)).toBeGreaterThan(1e-3);
  await expect(page.getByTestId('file-result').nth(1).getByTestId('file-voice')).toHaveText("· read as Anna's voice");
  // The panel with a taught profile, and the results with their relabelling menus, in both themes.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  // Kept across a reload, still in use.
  await expect.poll(() => keptCount(page)).toBe(2);
  await page.reload();
  await expect(profile(page, 'Anna')).toHaveAttribute('data-clips', '7', { timeout: 60_000 });
  await expect(profile(page, 'Anna')).toHaveAttribute('data-active', 'true');
  await expect(page.getByTestId('voice-active')).toHaveText('Anna');
  expect(await readStore(page, { database: 'emotion-lens-voices', store: 'profiles' })).toBe(1);

  // Exported as a file: the profile, with its clips' numbers and no audio.
  const [download] = await Promise.all([page.waitForEvent('download'), profile(page, 'Anna').getByTestId('voice-export').click()]);
  expect(download.suggestedFilename()).toBe('Anna.voice.json');
  const exported = await readFile((await download.path())!, 'utf8');
  const json = JSON.parse(exported);
  expect(json.format).toBe('emotion-lens-voice/1');
  expect(json.clips).toHaveLength(7);
  expect(exported).not.toMatch(/audio|data:/);

  // Chosen off in the header, deleted, then imported back.
  await page.getByTestId('voice-choice').selectOption('');
  await expect(page.getByTestId('voice-active')).toHaveText('');
  await profile(page, 'Anna').getByTestId('voice-delete').click();
  await expect(page.getByTestId('voice-profile')).toHaveCount(0);
  const file = test.info().outputPath('Anna.voice.json');
  await writeFile(file, exported);
  await panel.getByTestId('voice-import').setInputFiles(file);
  await expect(profile(page, 'Anna')).toHaveAttribute('data-clips', '7');
  await page.getByTestId('voice-choice').selectOption({ label: "Anna's voice" });
  await expect(page.getByTestId('voice-active')).toHaveText('Anna');

  // Bad files are refused with a message, and nothing is lost.
  const notJson = test.info().outputPath('notes.voice.json');
  await writeFile(notJson, 'These are meeting notes.');
  await panel.getByTestId('voice-import').setInputFiles(notJson);
  await expect(panel.getByTestId('voice-message')).toHaveText('notes.voice.json was not imported: the file is not JSON');
  const older = test.info().outputPath('older.voice.json');
  await writeFile(older, JSON.stringify({ ...json, name: 'Old', model: { ...json.model, trainedAt: '2025-01-01T00:00:00.000Z', codeVersion: 'abc1234' } }));
  await panel.getByTestId('voice-import').setInputFiles(older);
  await expect(panel.getByTestId('voice-message')).toContainText('was made for the model of 2025-01-01 (abc1234)');
  const damaged = test.info().outputPath('damaged.voice.json');
  await writeFile(damaged, JSON.stringify({ ...json, clips: [{ emotion: 'bored' }] }));
  await panel.getByTestId('voice-import').setInputFiles(damaged);
  await expect(panel.getByTestId('voice-message')).toContainText('The voice profile is damaged');
  await expect(page.getByTestId('voice-profile')).toHaveCount(1);
  await expect(page.getByTestId('voice-active')).toHaveText('Anna');

  // A part of a kept recording relabelled teaches the profile one more clip.
  await page.getByTestId('file-result').first().getByTestId('segment-relabel').first().selectOption('sad');
  await expect(profile(page, 'Anna')).toHaveAttribute('data-clips', '8');
  await expect(page.getByTestId('voice-counts').locator('[data-emotion="sad"]')).toHaveAttribute('data-clips', '2');
});
