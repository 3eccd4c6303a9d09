/**
 * The user messages of the editor commands (the provider adds the system prompt), and the small pure
 * helpers around them: bounded context around the cursor or the lines an edit rewrites, recent-prompt
 * history, fence language ids.
 * No VS Code here: everything is a function of strings, tested in plain Node.
 */
import type { ChatMessage } from './stream/types';

/** Marks the insertion point inside the code sent as context. */
export const CURSOR_MARKER = '<CURSOR>';
/** At most this many lines before and after the cursor (or selection) are sent. */
export const MAX_CONTEXT_LINES = 60;
/** At most this many characters of context in all (before + selection + after). */
export const MAX_CONTEXT_CHARS = 8000;
/** How many recent prompts the input remembers. */
export const MAX_RECENT_PROMPTS = 10;

export interface GeneratePromptOptions {
  /** The language the code is for, when known (the active editor's). */
  readonly language?: string;
}

/** "Generate Code...": the user's request, plus the language when one is known. */
export function buildGenerateMessages(prompt: string, options: GeneratePromptOptions = {}): ChatMessage[] {
  const language = options.language && options.language !== 'plaintext' ? options.language : undefined;
  const lines = [prompt.trim()];
  if (language) lines.push('', `Write it in ${language}.`);
  lines.push('', 'Answer with the code only, in one fenced code block.');
  return [{ role: 'user', content: lines.join('\n') }];
}

export interface CursorContext {
  readonly fileName: string;
  readonly language: string;
  /** Code before the cursor (or before the selection), bounded. */
  readonly before: string;
  /** Code after the cursor (or after the selection), bounded. */
  readonly after: string;
  /** The selected text the answer replaces; '' when nothing is selected. */
  readonly selection: string;
  /** True when `before` or `after` was cut to fit the bounds. */
  readonly truncated: boolean;
}

export interface ContextBounds {
  readonly maxLines?: number;
  readonly maxChars?: number;
}

/**
 * Cuts the code around [start, end) to at most `maxLines` lines on each side and `maxChars` characters in
 * all. The selection is kept whole when it fits (half of maxChars at most; else its head); the rest of the
 * budget is shared by the two sides, the side that needs less giving its share to the other. Cuts are made
 * at line boundaries far from the cursor, so the lines next to the cursor always survive.
 */
export function extractCursorContext(
  text: string,
  start: number,
  end: number,
  meta: { readonly fileName: string; readonly language: string },
  bounds: ContextBounds = {},
): CursorContext {
  const maxLines = bounds.maxLines ?? MAX_CONTEXT_LINES;
  const maxChars = bounds.maxChars ?? MAX_CONTEXT_CHARS;
  const from = Math.max(0, Math.min(start, end, text.length));
  const to = Math.min(text.length, Math.max(start, end));
  let selection = text.slice(from, to);
  let truncated = false;
  if (selection.length > Math.floor(maxChars / 2)) {
    selection = selection.slice(0, Math.floor(maxChars / 2));
    truncated = true;
  }
  let before = lastLines(text.slice(0, from), maxLines);
  let after = firstLines(text.slice(to), maxLines);
  truncated ||= before.length < from || after.length < text.length - to;

  const budget = Math.max(0, maxChars - selection.length);
  const half = Math.floor(budget / 2);
  const beforeBudget = after.length < half ? budget - after.length : Math.max(half, budget - after.length);
  const afterBudget = budget - Math.min(before.length, beforeBudget);
  if (before.length > beforeBudget) {
    before = tailAtLineBoundary(before, beforeBudget);
    truncated = true;
  }
  if (after.length > afterBudget) {
    after = headAtLineBoundary(after, afterBudget);
    truncated = true;
  }
  return { fileName: meta.fileName, language: meta.language, before, after, selection, truncated };
}

/** "Generate at Cursor...": the request, the file, and the code around the cursor with a marker. */
export function buildAtCursorMessages(prompt: string, context: CursorContext): ChatMessage[] {
  const fence = fenceFor(context.before + context.selection + context.after);
  const replacing = context.selection.length > 0;
  const lines = [
    prompt.trim(),
    '',
    `File: ${context.fileName} (language: ${context.language})`,
    replacing
      ? `The code below marks the selected code with ${CURSOR_MARKER} and </CURSOR>. Your answer replaces the selected code.`
      : `The code below marks the cursor with ${CURSOR_MARKER}. Your answer is inserted there.`,
    fence + context.language,
    replacing
      ? `${context.before}${CURSOR_MARKER}${context.selection}</CURSOR>${context.after}`
      : `${context.before}${CURSOR_MARKER}${context.after}`,
    fence,
    '',
    'Answer with only the code to insert, in one fenced code block, without repeating the code around it.' +
      ' Match the surrounding indentation and style.',
  ];
  return [{ role: 'user', content: lines.join('\n') }];
}

/** Offsets [start, end) of whole lines of a text. */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * The selection [start, end) extended to whole lines: from the start of its first line to the end of its
 * last line, that line's terminator included. A selection that ends at the very start of a line (a
 * whole-line selection made with the keyboard) does not take that line; an empty selection is its line.
 */
export function wholeLines(text: string, start: number, end: number): LineSpan {
  const from = Math.max(0, Math.min(start, end, text.length));
  let to = Math.min(text.length, Math.max(start, end, 0));
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  if (to > from && (text[to - 1] === '\n' || to === text.length)) return { start: lineStart, end: to };
  const newline = text.indexOf('\n', to);
  to = newline < 0 ? text.length : newline + 1;
  return { start: lineStart, end: to };
}

export interface EditContext {
  readonly fileName: string;
  readonly language: string;
  /** Code before the selection, bounded like the cursor context. */
  readonly before: string;
  /** The whole lines to rewrite, never cut: the answer replaces all of them. */
  readonly selection: string;
  /** Code after the selection, bounded. */
  readonly after: string;
  /** 1-based number of the selection's first line, so the model can tell where it is. */
  readonly firstLine: number;
  /** True when `before` or `after` was cut to fit the bounds. */
  readonly truncated: boolean;
}

/**
 * What an edit of the whole lines `span` sends: the lines themselves, whole whatever their size, and the
 * code around them within the cursor context's bounds (MAX_CONTEXT_LINES on each side, MAX_CONTEXT_CHARS
 * for both sides together), cut far from the selection.
 */
export function extractEditContext(
  text: string,
  span: LineSpan,
  meta: { readonly fileName: string; readonly language: string },
  bounds: ContextBounds = {},
): EditContext {
  const selection = text.slice(span.start, span.end);
  // The sides are bounded as around a cursor placed where the selection was cut out.
  const around = extractCursorContext(text.slice(0, span.start) + text.slice(span.end), span.start, span.start, meta, bounds);
  let firstLine = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < span.start; i = text.indexOf('\n', i + 1)) firstLine++;
  return { fileName: meta.fileName, language: meta.language, before: around.before, selection, after: around.after, firstLine, truncated: around.truncated };
}

/** "Edit Selection...": the instruction, the file, the lines to rewrite and the code around them. */
export function buildEditMessages(prompt: string, context: EditContext): ChatMessage[] {
  const fence = fenceFor(context.before + context.selection + context.after);
  const block = (code: string): string => `${fence}${context.language}\n${code.endsWith('\n') || code === '' ? code : `${code}\n`}${fence}`;
  const lineCount = context.selection.split('\n').length - (context.selection.endsWith('\n') ? 1 : 0);
  const lastLine = context.firstLine + Math.max(0, lineCount - 1);
  const lines = [
    prompt.trim(),
    '',
    `File: ${context.fileName} (language: ${context.language})`,
    `Rewrite the selected lines (${lastLine > context.firstLine ? `lines ${context.firstLine}-${lastLine}` : `line ${context.firstLine}`}) as asked above.`,
  ];
  if (context.before) lines.push('', 'Code before the selection:', block(context.before));
  lines.push('', 'The selected lines:', block(context.selection));
  if (context.after) lines.push('', 'Code after the selection:', block(context.after));
  lines.push(
    '',
    'Answer with the complete rewritten selection in one fenced code block: every selected line, changed or' +
      ' not, with its indentation, and nothing from before or after the selection. Change only what the' +
      ' request asks for. No explanations.',
  );
  return [{ role: 'user', content: lines.join('\n') }];
}

/** The recent prompts with `prompt` first, without duplicates, at most MAX_RECENT_PROMPTS. */
export function rememberPrompt(recent: readonly string[], prompt: string, max = MAX_RECENT_PROMPTS): string[] {
  const trimmed = prompt.trim();
  if (!trimmed) return recent.slice(0, max);
  return [trimmed, ...recent.filter((p) => p !== trimmed)].slice(0, max);
}

const FENCE_ALIASES: Readonly<Record<string, string>> = {
  py: 'python',
  python3: 'python',
  js: 'javascript',
  node: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
  ts: 'typescript',
  tsx: 'typescriptreact',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  shell: 'shellscript',
  console: 'shellscript',
  'c++': 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  h: 'c',
  cs: 'csharp',
  'c#': 'csharp',
  'f#': 'fsharp',
  fs: 'fsharp',
  yml: 'yaml',
  md: 'markdown',
  rs: 'rust',
  golang: 'go',
  rb: 'ruby',
  kt: 'kotlin',
  kts: 'kotlin',
  objc: 'objective-c',
  ps1: 'powershell',
  pwsh: 'powershell',
  docker: 'dockerfile',
  htm: 'html',
  xhtml: 'html',
  svg: 'xml',
  text: 'plaintext',
  txt: 'plaintext',
  plain: 'plaintext',
  tex: 'latex',
  vb: 'vb',
  proto: 'proto3',
};

/**
 * Maps a fence info word (```py, ```C++) to a VS Code language id from `known`
 * (vscode.languages.getLanguages()); undefined when none fits.
 */
export function languageIdForFence(info: string, known: readonly string[]): string | undefined {
  const word = info.trim().split(/[\s{,]/)[0]?.toLowerCase() ?? '';
  if (!word) return undefined;
  const ids = new Set(known);
  if (ids.has(word)) return word;
  const alias = FENCE_ALIASES[word];
  if (alias && ids.has(alias)) return alias;
  return undefined;
}

function lastLines(text: string, max: number): string {
  let index = text.length;
  // The partial line the cursor is on counts as one of the lines.
  for (let lines = 0; lines < max; lines++) {
    const newline = text.lastIndexOf('\n', index - 1);
    if (newline < 0) return text;
    index = newline;
  }
  return text.slice(index + 1);
}

function firstLines(text: string, max: number): string {
  let index = -1;
  for (let lines = 0; lines < max; lines++) {
    index = text.indexOf('\n', index + 1);
    if (index < 0) return text;
  }
  return text.slice(0, index + 1);
}

function tailAtLineBoundary(text: string, max: number): string {
  if (max <= 0) return '';
  const tail = text.slice(text.length - max);
  const newline = tail.indexOf('\n');
  // Keep whole lines when possible; a single line longer than the budget is cut mid-line.
  return newline >= 0 && newline < tail.length - 1 ? tail.slice(newline + 1) : tail;
}

function headAtLineBoundary(text: string, max: number): string {
  if (max <= 0) return '';
  const head = text.slice(0, max);
  const newline = head.lastIndexOf('\n');
  return newline > 0 ? head.slice(0, newline + 1) : head;
}

/** A backtick fence longer than any backtick run in the code, so the code cannot close it. */
function fenceFor(code: string): string {
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}
