import { diffArrays } from 'diff';
import { isBlank } from './TextLines';

/** At least this share of the file's non-blank lines must be in the block, in order. */
const MIN_COVERAGE = 0.5;

/**
 * True when a block is the whole file rewritten rather than a part of it: at least half of the file's
 * non-blank lines appear in the block in order (compared trimmed), and the block does not simply leave
 * out the file's beginning or end (a stretch of the file missing there with nothing written in its
 * place means the block is a fragment: taking it as the whole file would delete that stretch).
 * An empty file is covered by any block.
 */
export function coversWholeFile(file: readonly string[], block: readonly string[]): boolean {
  const fileContent = file.filter((line) => !isBlank(line)).map((line) => line.trim());
  if (fileContent.length === 0) return true;
  const blockContent = block.filter((line) => !isBlank(line)).map((line) => line.trim());
  const parts = diffArrays(fileContent, blockContent);
  const common = parts.filter((part) => !part.added && !part.removed).reduce((sum, part) => sum + part.count, 0);
  if (common < fileContent.length * MIN_COVERAGE) return false;
  return !leavesOut(parts) && !leavesOut([...parts].reverse());
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
