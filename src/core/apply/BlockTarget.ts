/**
 * Which file a chat code block is for, when the block says so: a first-line path comment
 * (`// src/app.ts`, `# File: main.py`), the path line before a SEARCH/REPLACE block (Aider style), or a
 * unified diff's `+++ b/path` header. Apply uses it to pick its target before anything else is looked at;
 * ApplyResolver uses the same comment rule to refuse a block that names another file.
 */
import { looksLikeSearchReplace, parseSearchReplace } from './SearchReplaceParser';
import { looksLikeUnifiedDiff, parseUnifiedDiff } from './UnifiedDiff';

/** A comment that is only a path, optionally after `file:` / `filename:` / `path:`. */
export const PATH_COMMENT = /^\s*(?:\/\/+|#+|--|\/\*+|<!--|;+)\s*(?:(?:file(?:name)?|path)\s*:\s*)?([\w.@~/\\-]*\w\.[A-Za-z0-9]+)\s*(?:\*+\/|-->)?\s*$/i;

const FENCE = /^(`{3,}|~{3,})/;

/** The path the block names, as written (`src/app.ts`, `a/b.py`), or undefined. */
export function namedPath(code: string, language?: string): string | undefined {
  const lines = code.split(/\r?\n/);
  const first = lines.find((line, i) => line.trim() !== '' && !(i === 0 && FENCE.test(line.trim())));
  const comment = first === undefined ? undefined : PATH_COMMENT.exec(first)?.[1];
  if (comment) return comment;
  try {
    if (looksLikeSearchReplace(code)) return parseSearchReplace(code).find((block) => block.path)?.path;
  } catch {
    // A malformed block names nothing; the resolver reports what is wrong with it.
    return undefined;
  }
  if (looksLikeUnifiedDiff(code, language)) {
    const paths = parseUnifiedDiff(code).flatMap((file) => (file.path ? [file.path] : []));
    return paths.length === 1 ? paths[0] : undefined;
  }
  return undefined;
}

/**
 * Among candidate paths (workspace-relative or absolute, '/' or '\\'), the one a named path means: the
 * candidates it is a whole-segment suffix of; when several, the ones equal to it. Returns the index,
 * 'ambiguous' when that still leaves several, or undefined when none fits.
 */
export function matchPath(named: string, candidates: readonly string[]): number | 'ambiguous' | undefined {
  const wanted = segments(named.replace(/^[ab]\//, ''));
  if (wanted.length === 0) return undefined;
  const fits = candidates.map((candidate, index) => ({ index, parts: segments(candidate) })).filter(({ parts }) => endsWith(parts, wanted));
  if (fits.length === 1) return fits[0]!.index;
  if (fits.length === 0) return undefined;
  const exact = fits.filter(({ parts }) => parts.length === wanted.length);
  return exact.length === 1 ? exact[0]!.index : 'ambiguous';
}

function segments(path: string): string[] {
  return path
    .split(/[\\/]+/)
    .filter((part) => part !== '' && part !== '.')
    .map((part) => part.toLowerCase());
}

function endsWith(parts: readonly string[], tail: readonly string[]): boolean {
  if (tail.length > parts.length) return false;
  const offset = parts.length - tail.length;
  return tail.every((part, i) => parts[offset + i] === part);
}
