import { expect, test } from './test';
import { CHROMIUM_PATH } from './chromium.ts';
import { fakeMicrophone, fixture, keptCount, openApp } from './helpers';

// A fake microphone playing project-made speech (espeak-ng), then silence.
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: fakeMicrophone(fixture('mic-speech.wav')) } });

test.describe('live microphone', () => {
  test('probabilities update while speech plays, and the status turns to silence after it', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('record-toggle').click();
    const status = page.getByTestId('live-status');
    await expect(status).toHaveAttribute('data-state', 'speech', { timeout: 30_000 });
    await expect(page.getByTestId('live-probabilities')).toHaveAttribute('data-stale', 'false');
    await expect(page.getByTestId('live-now')).toHaveAttribute('data-emotion', /^(angry|disgust|fear|happy|neutral|sad|surprise|uncertain)$/);
    const happy = page.getByTestId('prob-happy');
    // The bars move with the speech: the value read at each retry is collected until it has changed.
    const values = new Set<string>();
    await expect.poll(async () => values.add((await happy.getAttribute('data-value')) ?? '').size, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const sum = await page
      .getByTestId('live-probabilities')
      .locator('li')
      .evaluateAll((items) => items.reduce((s, li) => s + Number(li.getAttribute('data-value')), 0));
    expect(sum).toBeCloseTo(1, 2);
    // The chart draws every emotion's line through the updates so far.
    const lines = page.getByTestId('live-chart').locator('path[data-emotion]');
    await expect(lines).toHaveCount(7);
    for (const d of await lines.evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''))) {
      expect(d).toMatch(/^M[\d.]+ [\d.]+( (h0|[LM][\d.]+ [\d.]+))+$/);
      expect(d).toContain(' L');
    }
    const bars = page.getByTestId('live-probabilities');
    const now = page.getByTestId('live-now');
    await expect(page.getByTestId('live-legend').locator('li')).toHaveCount(7);
    await expect(status).toHaveAttribute('data-state', 'silence', { timeout: 30_000 });
    // A second into the silence the readout is the last speech's, greyed and dated, not "now".
    await expect(bars).toHaveAttribute('data-stale', 'true', { timeout: 5_000 });
    await expect(now).toContainText(/last speech \d+ s ago/);
    await page.getByTestId('record-toggle').click();
    await expect(status).toHaveAttribute('data-state', 'idle');
    await expect(bars).toHaveAttribute('data-stale', 'true');
    await expect(now).toContainText('stopped');
    // The session is kept as a recording, with its summary and segments.
    const session = page.locator('[data-testid="file-result"][data-source="live"]');
    await expect(session).toHaveAttribute('data-status', 'done');
    await expect(session).toHaveAttribute('data-file-name', /^Live session /);
    await expect(session.getByTestId('speech-time')).toHaveText(/^Speech 0:\d\d of 0:\d\d \(silence, noise and music left out\)/);
    // The file holds about 9 s of speech between 1 s and 6 s of silence.
    const speech = Number(await session.getByTestId('file-summary').getAttribute('data-speech-seconds'));
    expect(speech).toBeGreaterThan(6);
    expect(speech).toBeLessThan(12);
    expect(await session.getByTestId('segment').count()).toBeGreaterThan(0);
    const answer = await session.getAttribute('data-top-emotion');
    // And it survives a reload, once kept (a reload before would ask to leave and lose it).
    await expect.poll(() => keptCount(page)).toBe(1);
    await page.reload();
    await expect(session).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    await expect(session).toHaveAttribute('data-top-emotion', answer!);
  });
});
