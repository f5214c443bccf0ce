import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Features on disk, one file per clip variant, so a second training run does not extract again.
 * The key covers the file (path, size, mtime), the augmentation recipe and the feature config.
 */
export class FeatureCache {
  constructor(private readonly dir: string) {}

  static key(parts: unknown): string {
    return createHash('sha1').update(JSON.stringify(parts)).digest('hex');
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.f32`);
  }

  /** The cached windows, or null when absent or unreadable. Layout: [count, length, ...data]. */
  async get(key: string): Promise<Float32Array[] | null> {
    const bytes = await readFile(this.file(key)).catch(() => null);
    if (!bytes || bytes.byteLength < 8) return null;
    const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const [count, length] = [all[0], all[1]];
    if (all.length !== 2 + count * length) return null;
    return Array.from({ length: count }, (_, i) => all.slice(2 + i * length, 2 + (i + 1) * length));
  }

  async put(key: string, windows: Float32Array[]): Promise<void> {
    const length = windows[0]?.length ?? 0;
    const all = new Float32Array(2 + windows.length * length);
    all[0] = windows.length;
    all[1] = length;
    windows.forEach((w, i) => all.set(w, 2 + i * length));
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so an interrupted run never leaves a half file behind.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, all);
    await rename(tmp, file);
  }
}
