import { shorten } from './CodeLines';
import { applyLineEdits, type LineEdit } from './LineEdits';
import { findLines, shiftIndent, type LineMatch } from './LineMatcher';
import { isBlank, type TextLines } from './TextLines';
import type { EditOutcome } from './types';

/** Lines to find in the file and the lines that replace them (a SEARCH/REPLACE block, a diff hunk). */
export interface Replacement {
  readonly search: readonly string[];
  readonly replace: readonly string[];
}

export interface ReplacementOptions {
  /** What one replacement is called in messages ("block", "hunk"). */
  readonly noun: string;
  /** Only this part of the file may be matched (the window a model was shown). */
  readonly range?: { readonly from: number; readonly to: number };
}

/**
 * Applies replacements to a file, each matched on its own against the original (exact, then trimmed,
 * then on anchor lines; see findLines). Nothing is guessed: a replacement whose text fits two places,
 * is not in the file, or overlaps another fails the whole set with a message naming it. A replacement
 * matched at another indentation has its new lines shifted the same way.
 */
export function applyReplacements(file: TextLines, replacements: readonly Replacement[], options: ReplacementOptions): EditOutcome {
  const edits: LineEdit[] = [];
  const { noun } = options;
  const fileIsEmpty = file.lines.every(isBlank);
  for (let index = 0; index < replacements.length; index++) {
    const { search, replace } = replacements[index]!;
    const label = `${capitalize(noun)} ${index + 1}`;
    if (search.every(isBlank)) {
      if (fileIsEmpty && replacements.length === 1) {
        edits.push({ start: 0, end: file.lines.length, lines: replace });
        continue;
      }
      return fail('empty', index, `${label} has nothing to search for, so where it goes is not said.`);
    }
    const found = locate(file.lines, search, replace, options.range);
    if (found.match.kind === 'ambiguous') {
      const places = found.match.starts.map((start) => start + 1).join(', ');
      return fail('ambiguous', index, `${label} fits ${found.match.starts.length} places (lines ${places}); it needs more context to be unique.`);
    }
    if (found.match.kind === 'none') {
      const first = search.find((line) => !isBlank(line))!.trim();
      return fail('notFound', index, `${label} is not in the file (it starts with "${shorten(first)}").`);
    }
    edits.push({ start: found.match.start, end: found.match.end, lines: shiftIndent(found.replace, found.match) });
  }
  const outcome = applyLineEdits(file, edits);
  if (!outcome.ok) {
    const [a, b] = outcome.overlapping;
    return fail('overlap', b, `${capitalize(noun)}s ${a + 1} and ${b + 1} change the same lines.`);
  }
  return { ok: true, newText: outcome.newText, regions: outcome.regions };
}

/**
 * Matches the search lines as written, then, when they start or end with blank lines that are not in
 * the file, without those (and without as many blank lines at the same end of the replacement).
 */
function locate(
  hay: readonly string[],
  search: readonly string[],
  replace: readonly string[],
  range: ReplacementOptions['range'],
): { match: LineMatch; replace: readonly string[] } {
  const match = findLines(hay, search, range);
  if (match.kind !== 'none') return { match, replace };
  const lead = leadingBlanks(search);
  const trail = leadingBlanks([...search].reverse());
  if (lead === 0 && trail === 0) return { match, replace };
  const core = search.slice(lead, search.length - trail);
  const dropLead = Math.min(lead, leadingBlanks(replace));
  const dropTrail = Math.min(trail, leadingBlanks([...replace].reverse()));
  return { match: findLines(hay, core, range), replace: replace.slice(dropLead, replace.length - dropTrail) };
}

function leadingBlanks(lines: readonly string[]): number {
  let count = 0;
  while (count < lines.length && isBlank(lines[count]!)) count++;
  return count;
}

function fail(code: 'notFound' | 'ambiguous' | 'overlap' | 'empty', index: number, message: string): EditOutcome {
  return { ok: false, failure: { code, index, message } };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
