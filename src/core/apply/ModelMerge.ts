/**
 * Tier 3 of Apply: the model merges the block, answering with the changed regions only, as
 * SEARCH/REPLACE blocks (a few lines per change instead of a rewrite of the whole file, which is slow
 * and fails on files longer than the output limit). The answer streams through SearchReplaceParser;
 * each complete block is applied with the same matching rules as tier 1 (applyModelAnswer), so a block
 * that is not in the file, or fits two places, becomes a clear error and never a guessed edit.
 */
import type { ChatMessage } from '../stream/types';
import { isDistinctive } from './CodeLines';
import { applyReplacements } from './Replacements';
import type { SearchReplaceBlock } from './SearchReplaceParser';
import { blockLines, splitText } from './TextLines';
import type { EditOutcome } from './types';

/** Files up to this many lines are sent whole; longer ones as a window around the likely place. */
export const MAX_MERGE_FILE_LINES = 800;
/** And up to this many characters. */
export const MAX_MERGE_FILE_CHARS = 40_000;

export interface ModelMergeInput {
  /** The chat code block to apply. */
  readonly code: string;
  /** The target file's current text. */
  readonly fileText: string;
  /** The target file's name or workspace-relative path, shown to the model. */
  readonly fileName: string;
  /** Language id or fence language, for the code fences. */
  readonly language?: string;
  /** The user's request the block answered, when known: it tells the model what the change is for. */
  readonly request?: string;
  /** Overrides MAX_MERGE_FILE_LINES / MAX_MERGE_FILE_CHARS (tests, small-context models). */
  readonly maxLines?: number;
  readonly maxChars?: number;
}

/** Lines [startLine, endLine) of the file (0-based, end exclusive). */
export interface LineWindow {
  readonly startLine: number;
  readonly endLine: number;
}

export interface ModelMergeRequest {
  readonly messages: ChatMessage[];
  /** The part of the file the model was shown: its SEARCH text is matched there only. */
  readonly window: LineWindow;
  /** True when the file was cut to the window. */
  readonly windowed: boolean;
}

/**
 * The request for a model merge: the instructions, the file (or a window of it around the lines the
 * block shares with it, for big files) and the block. The answer should be SEARCH/REPLACE blocks only.
 */
export function buildModelMergeRequest(input: ModelMergeInput): ModelMergeRequest {
  const file = splitText(input.fileText);
  const window = chooseWindow(file.lines, blockLines(input.code), input.maxLines ?? MAX_MERGE_FILE_LINES, input.maxChars ?? MAX_MERGE_FILE_CHARS);
  const windowed = window.startLine > 0 || window.endLine < file.lines.length;
  const shown = file.lines.slice(window.startLine, window.endLine).join('\n');
  const code = blockLines(input.code).join('\n');
  const language = input.language && input.language !== 'plaintext' ? input.language : '';
  const fileFence = fenceFor(shown);
  const codeFence = fenceFor(code);
  const where = windowed
    ? `Lines ${window.startLine + 1}-${window.endLine} of ${input.fileName} (the file has ${file.lines.length} lines; only these are shown, so your SEARCH text must come from them):`
    : `The file ${input.fileName}:`;
  const lines = [
    `Apply the change shown in the code block below to the file ${input.fileName}.`,
    ...(input.request?.trim() ? ['', `The change was written for this request: ${input.request.trim()}`] : []),
    '',
    'Answer ONLY with SEARCH/REPLACE blocks that make the change, in this exact format:',
    '',
    '<<<<<<< SEARCH',
    'lines copied exactly from the file',
    '=======',
    'the lines that replace them',
    '>>>>>>> REPLACE',
    '',
    'Rules:',
    '- Copy the SEARCH lines exactly from the file, with their indentation. Include only the lines that change plus 1 to 3 unchanged lines around them, enough for the SEARCH text to occur only once in the file.',
    '- One block per changed region, in file order; blocks must not overlap.',
    '- To add code, SEARCH for the lines next to where it goes and repeat them in REPLACE with the new code added.',
    '- Comments like "... existing code ..." in the code block stand for code of the file that stays as it is: never copy them into the file.',
    '- Keep the file\'s indentation style. No explanations, no other text, no rewrite of the whole file. If nothing needs to change, answer with no blocks.',
    '',
    where,
    fileFence + language,
    shown,
    fileFence,
    '',
    'The code block to apply:',
    codeFence + language,
    code,
    codeFence,
  ];
  return { messages: [{ role: 'user', content: lines.join('\n') }], window, windowed };
}

/**
 * Applies the model's SEARCH/REPLACE blocks to the file, matching only inside the window the model was
 * shown: exact, trimmed, then on unique anchor lines; a block not found or found twice fails the answer
 * with a message naming it. Call it with the blocks parsed so far to preview a streaming answer.
 */
export function applyModelAnswer(fileText: string, blocks: readonly SearchReplaceBlock[], window?: LineWindow): EditOutcome {
  const file = splitText(fileText);
  return applyReplacements(file, blocks, {
    noun: 'block',
    ...(window ? { range: { from: window.startLine, to: window.endLine } } : {}),
  });
}

/**
 * The whole file when it fits; otherwise the window of at most `maxLines` lines (and `maxChars`
 * characters) holding the most lines that the block shares with the file, or the file's beginning
 * when it shares none.
 */
export function chooseWindow(file: readonly string[], block: readonly string[], maxLines: number, maxChars: number): LineWindow {
  const total = file.reduce((sum, line) => sum + line.length + 1, 0);
  if (file.length <= maxLines && total <= maxChars) return { startLine: 0, endLine: file.length };

  const wanted = new Set(block.map((line) => line.trim()).filter(isDistinctive));
  const hits = file.map((line) => (wanted.has(line.trim()) ? 1 : 0));
  const size = Math.min(maxLines, file.length);
  let best = 0;
  let bestScore = -1;
  let score = 0;
  for (let i = 0; i < file.length; i++) {
    score += hits[i]!;
    if (i >= size) score -= hits[i - size]!;
    if (i >= size - 1 && score > bestScore) {
      bestScore = score;
      best = i - size + 1;
    }
  }
  // Center the matched lines in the window when the window is wider than they are.
  const matched = hits.map((hit, i) => (hit ? i : -1)).filter((i) => i >= best && i < best + size);
  let start = best;
  if (matched.length > 0) {
    const middle = Math.floor((matched[0]! + matched[matched.length - 1]!) / 2);
    start = Math.max(0, Math.min(file.length - size, middle - Math.floor(size / 2)));
  }
  let end = start + size;
  // Shrink to the character budget, keeping the middle.
  let chars = file.slice(start, end).reduce((sum, line) => sum + line.length + 1, 0);
  while (chars > maxChars && end - start > 1) {
    const middle = matched.length > 0 ? (matched[0]! + matched[matched.length - 1]!) / 2 : start;
    if (middle - start > end - middle) chars -= file[start++]!.length + 1;
    else chars -= file[--end]!.length + 1;
  }
  return { startLine: start, endLine: end };
}

/** A backtick fence longer than any backtick run in the text, so the text cannot close it. */
function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}
