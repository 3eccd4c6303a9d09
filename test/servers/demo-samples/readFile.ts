import { readFile } from 'node:fs/promises';

/** Reads a UTF-8 text file and returns its lines (without line endings). */
export async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  return text.split(/\r?\n/);
}

readLines('app.ts')
  .then((lines) => lines.forEach((line, i) => console.log(`${String(i + 1).padStart(4)}: ${line}`)))
  .catch((err: unknown) => console.error('Could not read the file:', err));
