/**
 * A lenient reader of unified diffs as models write them: with or without `---`/`+++` headers, with
 * `@@ -a,b +c,d @@` headers whose numbers may be wrong (or a bare `@@`), context lines that lost their
 * leading space, blank context lines written as empty lines. Line numbers and counts are ignored: each
 * hunk is placed by its context (see applyReplacements), which is what makes wrong numbers harmless.
 * (jsdiff's parsePatch rejects hunks whose counts do not add up, which models get wrong often.)
 */
import type { Replacement } from './Replacements';

export interface DiffHunk {
  /** The hunk's old side: context and removed lines, in order. */
  readonly search: readonly string[];
  /** The hunk's new side: context and added lines, in order. */
  readonly replace: readonly string[];
}

export interface DiffFile {
  /** The path after `+++` (or `---` for a deletion), without the `a/` / `b/` prefix. */
  readonly path?: string;
  readonly hunks: readonly DiffHunk[];
}

const HUNK_HEADER = /^@@(?:\s.*)?$/;
const GIT_HEADER = /^(diff --git |index [0-9a-f]+\.\.|new file mode |deleted file mode |similarity index |rename (from|to) |old mode |new mode )/;

/**
 * True when a code block is a unified diff: it has a `@@` hunk header or a `---`/`+++` header pair,
 * and added or removed lines; or it is labelled diff/patch and every line is a diff line.
 */
export function looksLikeUnifiedDiff(code: string, language?: string): boolean {
  const lines = code.split(/\r?\n/);
  const changes = lines.some((line) => /^[+-](?![+-]{2}\s)/.test(line));
  if (!changes) return false;
  if (lines.some((line) => HUNK_HEADER.test(line))) return true;
  for (let i = 0; i + 1 < lines.length; i++) if (lines[i]!.startsWith('--- ') && lines[i + 1]!.startsWith('+++ ')) return true;
  return isDiffLanguage(language) && lines.every((line) => line === '' || /^[ +\\-]/.test(line));
}

/** Reads the files and hunks of a diff; hunks that change nothing are dropped. */
export function parseUnifiedDiff(code: string): DiffFile[] {
  const lines = code.split(/\r?\n/);
  const files: { path?: string; hunks: DiffHunk[] }[] = [];
  let file: { path?: string; hunks: DiffHunk[] } | undefined;
  let hunk: { search: string[]; replace: string[]; changes: number } | undefined;

  const closeHunk = (): void => {
    if (hunk && hunk.changes > 0) file!.hunks.push({ search: hunk.search, replace: hunk.replace });
    hunk = undefined;
  };
  const openFile = (path?: string): void => {
    closeHunk();
    file = path === undefined ? { hunks: [] } : { path, hunks: [] };
    files.push(file);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      openFile(gitPath(line));
      continue;
    }
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      const oldPath = headerPath(line.slice(4));
      const newPath = headerPath(lines[i + 1]!.slice(4));
      const path = newPath ?? oldPath;
      if (!file || file.hunks.length > 0 || hunk) openFile(path);
      else if (path !== undefined) file.path = path;
      i++;
      // A header with no @@ after it: the lines that follow are one hunk.
      if (!lines.slice(i + 1).some((next) => HUNK_HEADER.test(next))) hunk = { search: [], replace: [], changes: 0 };
      continue;
    }
    if (HUNK_HEADER.test(line)) {
      if (!file) openFile();
      closeHunk();
      hunk = { search: [], replace: [], changes: 0 };
      continue;
    }
    if (!hunk) {
      if (!file && !GIT_HEADER.test(line) && /^[ +-]/.test(line)) {
        // No headers at all (a ```diff block of +/- lines): one hunk.
        openFile();
        hunk = { search: [], replace: [], changes: 0 };
      } else {
        continue;
      }
    }
    if (line.startsWith('\\')) continue; // "\ No newline at end of file"
    if (line.startsWith('+')) {
      hunk.replace.push(line.slice(1));
      hunk.changes++;
    } else if (line.startsWith('-')) {
      hunk.search.push(line.slice(1));
      hunk.changes++;
    } else {
      // A context line; models sometimes drop its leading space, and write blank ones as empty lines.
      const text = line.startsWith(' ') ? line.slice(1) : line;
      hunk.search.push(text);
      hunk.replace.push(text);
    }
  }
  closeHunk();
  return files.filter((f) => f.hunks.length > 0);
}

/** The hunks of a diff file as replacements. */
export function hunksAsReplacements(file: DiffFile): Replacement[] {
  return file.hunks.map((hunk) => ({ search: hunk.search, replace: hunk.replace }));
}

function isDiffLanguage(language: string | undefined): boolean {
  return !!language && /^(diff|patch|udiff)$/i.test(language);
}

function headerPath(text: string): string | undefined {
  const path = text.split('\t')[0]!.trim();
  if (!path || path === '/dev/null') return undefined;
  return path.replace(/^[ab]\//, '');
}

function gitPath(line: string): string | undefined {
  const match = / b\/(.+)$/.exec(line);
  return match ? match[1] : undefined;
}
