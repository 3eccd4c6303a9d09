/**
 * Where a cut-off answer stopped, as far as continuing it is concerned: inside an open code block, in
 * code without any fence, or in prose; and what its last (incomplete) line holds.
 *
 * The fence rules are the FenceStripper's (CommonMark openers and closers, plus its nesting rule: a fence
 * line with an info string inside a block opens a nested level that the next bare fence closes), applied
 * to every block of the answer rather than only the first, because a chat answer may hold several.
 * Only complete lines move the fence state: a cut opener or closer line is still being written.
 */
import { FenceStripper } from '../stream/FenceStripper';

/** A fence opener line of the partial answer. */
export interface OpenFence {
  readonly char: '`' | '~';
  readonly length: number;
  readonly indent: number;
  /** The info string's first word ("python"), '' for a bare opener. */
  readonly language: string;
}

/**
 * - `fence`: the answer stopped inside an open fenced code block;
 * - `code`: the answer is code without any fence (the FenceStripper decided "unfenced");
 * - `prose`: anywhere else (Markdown text, or after a closed block).
 */
export type PartialContext = 'fence' | 'code' | 'prose';

export interface PartialAnswer {
  /** The partial text with CRLF and lone CR turned into LF. */
  readonly text: string;
  readonly context: PartialContext;
  /** The open block's opener when `context` is 'fence'. */
  readonly fence?: OpenFence;
  /** The text after the last newline: '' when the answer stopped right after a newline. */
  readonly lastLine: string;
}

export function analyzePartialAnswer(partial: string): PartialAnswer {
  const text = partial.replace(/\r\n?/g, '\n');
  const lastNewline = text.lastIndexOf('\n');
  const lastLine = text.slice(lastNewline + 1);
  const completeLines = lastNewline === -1 ? [] : text.slice(0, lastNewline).split('\n');

  let fence: OpenFence | undefined;
  const nested: OpenFence[] = [];
  let sawFence = false;
  for (const line of completeLines) {
    const parsed = parseFenceLine(line);
    if (!fence) {
      if (parsed) {
        fence = parsed;
        sawFence = true;
      }
      continue;
    }
    const innermost = nested.at(-1) ?? fence;
    if (parsed && isBareFence(line) && parsed.char === innermost.char && parsed.length >= innermost.length) {
      if (nested.length > 0) nested.pop();
      else fence = undefined;
    } else if (parsed && parsed.language !== '') {
      nested.push(parsed);
    }
  }
  if (fence) return { text, context: 'fence', fence, lastLine };
  if (!sawFence && !startsWithFence(lastLine) && isUnfencedCode(text)) return { text, context: 'code', lastLine };
  return { text, context: 'prose', lastLine };
}

/** A complete CommonMark fence line (opener or closer): 0-3 spaces, 3+ backticks or tildes, an info string. */
export function parseFenceLine(line: string): OpenFence | undefined {
  const match = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line);
  if (!match) return undefined;
  const [, indent, run, rest] = match;
  // A backtick fence's info string cannot contain a backtick (that would be inline code).
  if (run[0] === '`' && rest.includes('`')) return undefined;
  const language = rest.trim().split(/\s+/)[0].replace(/^[{.]+/, '').replace(/}$/, '');
  return { char: run[0] === '`' ? '`' : '~', length: run.length, indent: indent.length, language };
}

/** A fence line with nothing after the run but spaces: what closes a block. */
export function isBareFence(line: string): boolean {
  return /^ {0,3}(?:`{3,}|~{3,})[ \t]*$/.test(line);
}

function startsWithFence(line: string): boolean {
  return /^ {0,3}(?:`{3}|~{3})/.test(line);
}

/**
 * The FenceStripper's verdict (so the editor and the seam agree on what "code without a fence" is), and
 * most lines reading like code: the stripper decides on the first line, which is right for streaming
 * into an editor but would take a chat answer in plain prose ("Intro.") for code.
 */
function isUnfencedCode(text: string): boolean {
  const stripper = new FenceStripper();
  stripper.push(text);
  if (stripper.state !== 'unfenced') return false;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const codeLines = lines.filter((line) => CODE_LINE.test(line)).length;
  return codeLines * 2 >= lines.length;
}

/** Indented, or holding code punctuation, or starting with a common keyword. */
const CODE_LINE = /^\s|[(){}[\];=<>]|^(?:import|from|export|def|class|return|const|let|var|function|fn|func|package|use|#include|#!)\b/;
