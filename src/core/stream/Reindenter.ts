/**
 * Streaming re-indentation of generated code so it follows the insertion column.
 *
 * Rule: models indent either relative to column 0 of the file or relative to the snippet, and the
 * cursor already sits at the target column. So:
 * - the leading whitespace of the first non-blank line is the model's base indentation;
 * - every line loses that base (or as much of it as it shares with the line, when the model dedents
 *   below its first line), which makes the snippet relative to its first line;
 * - the first line is then inserted as is at the cursor, and every following line gets the insertion
 *   line's indentation (the leading whitespace before the cursor) in front.
 * Whitespace-only lines become empty (no trailing whitespace). Tabs and spaces are not converted.
 *
 * Input and output use LF line endings. Only a line's leading whitespace is held back, until the
 * line's first other character shows whether the line is blank.
 */
export class Reindenter {
  /** Model's indentation of its first non-blank line; undefined until that line starts. */
  private base: string | undefined;
  private lineIndex = 0;
  private atLineStart = true;
  private heldWhitespace = '';

  /** @param indent leading whitespace of the line the insertion starts on (up to the cursor). */
  constructor(private readonly indent: string) {}

  push(text: string): string {
    let out = '';
    let index = 0;
    while (index < text.length) {
      if (this.atLineStart) {
        const char = text[index];
        index++;
        if (char === ' ' || char === '\t') {
          this.heldWhitespace += char;
        } else if (char === '\n') {
          out += '\n';
          this.nextLine();
        } else {
          out += this.startLine() + char;
        }
        continue;
      }
      const newline = text.indexOf('\n', index);
      if (newline === -1) {
        out += text.slice(index);
        break;
      }
      out += text.slice(index, newline + 1);
      this.nextLine();
      index = newline + 1;
    }
    return out;
  }

  /** Trailing whitespace on a last line that never got content is dropped. */
  end(): string {
    this.heldWhitespace = '';
    return '';
  }

  /** The first non-blank character of a line arrived: decide its prefix. */
  private startLine(): string {
    this.atLineStart = false;
    if (this.base === undefined) this.base = this.heldWhitespace;
    const relative = this.heldWhitespace.slice(commonPrefixLength(this.heldWhitespace, this.base));
    this.heldWhitespace = '';
    return (this.lineIndex === 0 ? '' : this.indent) + relative;
  }

  private nextLine(): void {
    this.lineIndex++;
    this.atLineStart = true;
    this.heldWhitespace = '';
  }
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}
