import { fixture, keptCount, openApp, readStore } from './helpers';
import { expect, test } from './test';

test('results are kept across a reload until the user deletes them all', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles([fixture('speech.flac'), fixture('notes.wav'), fixture('silence.wav')]);
  const done = page.locator('[data-testid="file-result"][data-file-name="speech.flac"]');
  const failed = page.locator('[data-testid="file-result"][data-file-name="notes.wav"]');
  await expect(done).toHaveAttribute('data-status', 'done');
  await expect(failed).toHaveAttribute('data-status', 'error');
  const silent = page.locator('[data-testid="file-result"][data-file-name="silence.wav"]');
  await expect(silent).toHaveAttribute('data-status', 'no-speech');
  const answer = await done.getAttribute('data-top-emotion');
  const confidence = await done.getAttribute('data-confidence');

  await expect.poll(() => keptCount(page)).toBe(3);
  await page.reload();
  await expect(done).toHaveAttribute('data-status', 'done');
  await expect(done).toHaveAttribute('data-top-emotion', answer!);
  await expect(done).toHaveAttribute('data-confidence', confidence!);
  await expect(failed.getByTestId('error-message')).toHaveText(/Not an audio file/);
  await expect(silent).toHaveAttribute('data-status', 'no-speech');
  await expect(silent.getByTestId('error-message')).toHaveText(/silent: no speech/);
  // The audio came back too: it plays.
  await expect(done.locator('audio')).toHaveJSProperty('readyState', 4, { timeout: 10_000 });
  await expect(page.getByTestId('file-result')).toHaveCount(3);

  // Removing one deletes only its own entry: the others come back, in their places.
  await page.getByRole('button', { name: 'Remove notes.wav' }).click();
  await expect.poll(() => keptCount(page)).toBe(2);
  await page.reload();
  await expect(done).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('file-result')).toHaveCount(2);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete all' }).click();
  await expect(page.getByTestId('file-result')).toHaveCount(0);
  await expect.poll(() => keptCount(page)).toBe(0);
  await page.reload();
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(page.getByTestId('file-result')).toHaveCount(0);
});

test('recordings kept by the first versions (one list) come back and move to one entry each', async ({ page }) => {
  await openApp(page);
  // idb-keyval's default store, where the first versions kept every recording under one key.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onupgradeneeded = () => open.result.createObjectStore('keyval');
        open.onsuccess = () => {
          const tx = open.result.transaction('keyval', 'readwrite');
          tx.objectStore('keyval').put([{ name: 'old.wav', source: 'file', status: 'error', error: 'Not an audio file' }], 'emotion-lens/recordings/v1');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await page.reload();
  const old = page.locator('[data-testid="file-result"][data-file-name="old.wav"]');
  await expect(old.getByTestId('error-message')).toHaveText(/Not an audio file/);
  expect(await readStore(page, { database: 'keyval-store', store: 'keyval', key: 'emotion-lens/recordings/v1' })).toBeUndefined();
  await page.reload();
  await expect(old).toHaveCount(1);
});

test('a recording the browser cannot store is still shown, and the page says it will not be kept', async ({ page }) => {
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'recordings') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(fixture('speech.flac'));
  await expect(page.locator('[data-testid="file-result"][data-file-name="speech.flac"]')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('storage-error')).toHaveText(/Could not keep the recordings in this browser .*quota/);
});

test('kept recordings that cannot be read are said to be so, and nothing is written over them', async ({ page, context }) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(fixture('speech.flac'));
  await expect(page.locator('[data-testid="file-result"][data-file-name="speech.flac"]')).toHaveAttribute('data-status', 'done');
  await expect.poll(() => keptCount(page)).toBe(1);

  // Another visit whose reads of the kept recordings fail: it says so, and a new result is not kept.
  const broken = await context.newPage();
  await broken.addInitScript(() => {
    for (const method of ['getAll', 'getAllKeys', 'openCursor'] as const) {
      const original = IDBObjectStore.prototype[method] as (...args: unknown[]) => IDBRequest;
      (IDBObjectStore.prototype as unknown as Record<string, unknown>)[method] = function (this: IDBObjectStore, ...args: unknown[]) {
        if (this.name === 'recordings') throw new DOMException('The disk is unreadable.', 'UnknownError');
        return original.apply(this, args);
      };
    }
  });
  await openApp(broken);
  await expect(broken.getByTestId('storage-error')).toHaveText(/Could not read the recordings kept in this browser .*unreadable.*: they are left as they are/);
  await broken.getByTestId('file-input').setInputFiles(fixture('speech.ogg'));
  await expect(broken.locator('[data-testid="file-result"][data-file-name="speech.ogg"]')).toHaveAttribute('data-status', 'done');
  await broken.close();

  // The next visit finds the first recording, and only it.
  await page.reload();
  await expect(page.locator('[data-testid="file-result"][data-file-name="speech.flac"]')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.locator('[data-testid="file-result"]')).toHaveCount(1);
});
