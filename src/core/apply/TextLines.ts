/**
 * Line-level view of a file's text for applying code blocks: the lines without terminators, each line's
 * own terminator, and the file's dominant line ending, so that an edit keeps CRLF files CRLF, leaves
 * lines it does not touch byte for byte as they were, and keeps a missing final newline missing.
 */

export type LineEnding = '\n' | '\r\n';

export interface TextLines {
  /** The lines, without their terminators. An empty text has no lines. */
  readonly lines: readonly string[];
  /** The terminator after each line: '\n', '\r\n', or '' for a last line without one. */
  readonly eols: readonly string[];
  /** The most common terminator: what lines added by an edit end with. */
  readonly eol: LineEnding;
  /** False when the text ends without a line terminator (a non-empty last line). */
  readonly finalNewline: boolean;
}

/** Splits a text into lines and their terminators ('\r\n' or '\n'; a lone '\r' stays in the line). */
export function splitText(text: string): TextLines {
  const lines: string[] = [];
  const eols: string[] = [];
  let crlf = 0;
  let lf = 0;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      lines.push(text.slice(start));
      eols.push('');
      break;
    }
    if (newline > start && text[newline - 1] === '\r') {
      lines.push(text.slice(start, newline - 1));
      eols.push('\r\n');
      crlf++;
    } else {
      lines.push(text.slice(start, newline));
      eols.push('\n');
      lf++;
    }
    start = newline + 1;
  }
  const finalNewline = eols.length === 0 || eols[eols.length - 1] !== '';
  return { lines, eols, eol: crlf > lf ? '\r\n' : '\n', finalNewline };
}

/** The lines of a code block, line endings normalized (a code block from the chat may carry CRLF). */
export function blockLines(code: string): string[] {
  const { lines } = splitText(code);
  return [...lines];
}

/** One line of a rebuilt text: an original line keeps its terminator, an added line has none yet. */
export interface OutputLine {
  readonly text: string;
  readonly eol?: string;
}

/**
 * Joins rebuilt lines into text with the original's conventions: original lines keep their own
 * terminator, added lines get the dominant one, and the last line ends the way the original's did.
 */
export function joinLines(lines: readonly OutputLine[], original: TextLines): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const last = i === lines.length - 1;
    let eol = line.eol || original.eol;
    if (last && !original.finalNewline) eol = '';
    out += line.text + eol;
  }
  return out;
}

/** Leading whitespace of a line. */
export function indentOf(line: string): string {
  const match = /^[ \t]*/.exec(line);
  return match ? match[0] : '';
}

/** True for a line that is empty or only whitespace. */
export function isBlank(line: string): boolean {
  return line.trim().length === 0;
}
