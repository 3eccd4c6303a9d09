import { diffArrays } from 'diff';
import { bracketBalance, isDistinctive } from './CodeLines';
import { buildOutline, walkOutline } from './Outline';
import { isBlank } from './TextLines';

/** At least this share of the file's non-blank lines must be in the block, in order. */
const MIN_COVERAGE = 0.5;

/**
 * True when a block is the whole file rewritten rather than a part of it: it covers the file (at least
 * half of the file's non-blank lines appear in it in order, compared trimmed, and it does not simply
 * leave out the file's beginning or end), or it starts and ends like the file (a heavy rewrite). In
 * both cases it must not leave out a declaration (a function, a method, a class) with nothing written
 * in its place: taking such a block as the whole file would delete what it left out, while as a
 * fragment, what it leaves out stays. (A declaration replaced by another one, as in a rename, is a
 * rewrite and does not count.) Its brackets must balance as the file's do. An empty file is covered
 * by any block.
 */
export function coversWholeFile(file: readonly string[], block: readonly string[], hashComments = false): boolean {
  const fileLines = contentLines(file);
  if (fileLines.length === 0) return true;
  const blockLines = contentLines(block);
  // A block with fewer lines than the coverage needs cannot cover the file: no diff (on a long file, the
  // line diff of a short fragment against it is most of what placing the fragment costs).
  const canCover = blockLines.length >= fileLines.length * MIN_COVERAGE;
  if (!canCover && !startsAndEndsLike(file, fileLines, block, blockLines)) return false;
  const parts = diffArrays(
    fileLines.map((i) => file[i]!.trim()),
    blockLines.map((i) => block[i]!.trim()),
  );
  const common = parts.filter((part) => !part.added && !part.removed).reduce((sum, part) => sum + part.count, 0);
  const covers = canCover && common >= fileLines.length * MIN_COVERAGE && !leavesOut(parts) && !leavesOut([...parts].reverse());
  if (!covers && !startsAndEndsLike(file, fileLines, block, blockLines)) return false;
  // A whole file closes what it opens as the file does; a block cut short does not.
  if (balance(file, hashComments) !== balance(block, hashComments)) return false;

  const fileDeclarations = declarationHeads(file);
  const blockDeclarations = declarationHeads(block);
  let fileAt = 0;
  let blockAt = 0;
  for (let i = 0; i < parts.length; ) {
    if (!parts[i]!.added && !parts[i]!.removed) {
      fileAt += parts[i]!.count;
      blockAt += parts[i]!.count;
      i++;
      continue;
    }
    // One change: the run of removed and added parts between two common stretches. It may remove
    // declarations only by replacing them with others.
    let removed = 0;
    let added = 0;
    for (; i < parts.length && (parts[i]!.added || parts[i]!.removed); i++) {
      if (parts[i]!.removed) removed += parts[i]!.count;
      else added += parts[i]!.count;
    }
    const gone = fileLines.slice(fileAt, fileAt + removed).filter((index) => fileDeclarations.has(index)).length;
    const come = blockLines.slice(blockAt, blockAt + added).filter((index) => blockDeclarations.has(index)).length;
    if (gone > come) return false;
    fileAt += removed;
    blockAt += added;
  }
  return true;
}

/**
 * A heavy rewrite keeps few lines, but still starts with the file's first line (when that line says
 * something: an import, a package clause, a shebang) and ends with its last.
 */
function startsAndEndsLike(file: readonly string[], fileLines: readonly number[], block: readonly string[], blockLines: readonly number[]): boolean {
  if (blockLines.length < 2 || fileLines.length < 2) return false;
  const first = file[fileLines[0]!]!.trim();
  const last = file[fileLines[fileLines.length - 1]!]!.trim();
  return isDistinctive(first) && block[blockLines[0]!]!.trim() === first && block[blockLines[blockLines.length - 1]!]!.trim() === last;
}

function balance(lines: readonly string[], hashComments: boolean): number {
  return lines.reduce((sum, line) => sum + bracketBalance(line, hashComments), 0);
}

/** Indices of the non-blank lines. */
function contentLines(lines: readonly string[]): number[] {
  return lines.map((line, i) => (isBlank(line) ? -1 : i)).filter((i) => i >= 0);
}

/** Line indices of the heads of declarations (functions, methods, classes, rules, keys). */
function declarationHeads(lines: readonly string[]): Set<number> {
  const heads = new Set<number>();
  walkOutline(buildOutline(lines), (item) => {
    if (item.signature) heads.add(item.head);
  });
  return heads;
}

/** True when the parts before the first common stretch remove file lines and add none. */
function leavesOut(parts: readonly { added: boolean; removed: boolean; count: number }[]): boolean {
  let removed = 0;
  let added = 0;
  for (const part of parts) {
    if (!part.added && !part.removed) break;
    if (part.removed) removed += part.count;
    else added += part.count;
  }
  return removed > 0 && added === 0;
}
