import { errorMessage } from '../src/core/errors';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

/** A file's text, or null only when it does not exist: any other failure (permissions, a folder) is thrown. */
export async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Parses a JSON file against a schema; the error names the file and the fields that are wrong. */
export function parseJsonFile<T>(file: string, text: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${errorMessage(error)})`, { cause: error });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file}: ${fields.slice(0, 4).join('; ')}`);
  }
  return result.data;
}
