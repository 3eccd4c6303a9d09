import { diffArrays } from 'diff';
import { buildOutline, walkOutline } from './Outline';
import { isBlank } from './TextLines';

/** At least this share of the file's non-blank lines must be in the block, in order. */
const MIN_COVERAGE = 0.5;

/**
 * True when a block is the whole file rewritten rather than a part of it: at least half of the file's
 * non-blank lines appear in the block in order (compared trimmed), and the block does not simply leave
 * out a stretch of the file with nothing written in its place where that means it is a fragment: at
 * the file's beginning or end, or a declaration (a function, a method, a class) anywhere. Taking such a
 * block as the whole file would delete what it left out; as a fragment, what it leaves out stays.
 * (A declaration replaced by another one, as in a rename, is a rewrite and does not count.)
 * An empty file is covered by any block.
 */
export function coversWholeFile(file: readonly string[], block: readonly string[]): boolean {
  const fileLines = contentLines(file);
  if (fileLines.length === 0) return true;
  const blockLines = contentLines(block);
  const parts = diffArrays(
    fileLines.map((i) => file[i]!.trim()),
    blockLines.map((i) => block[i]!.trim()),
  );
  const common = parts.filter((part) => !part.added && !part.removed).reduce((sum, part) => sum + part.count, 0);
  if (common < fileLines.length * MIN_COVERAGE) return false;
  if (leavesOut(parts) || leavesOut([...parts].reverse())) return false;

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
