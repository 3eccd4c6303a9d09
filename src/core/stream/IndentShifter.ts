/**
 * Streaming re-indentation of a rewrite of whole lines (Edit Selection) to the indentation of the lines it
 * replaces.
 *
 * Rule: the leading whitespace of the answer's first non-blank line is the model's base; the selection's
 * first non-blank line's leading whitespace is the target.
 * - When they are equal (the model kept the indentation, the usual case), the text passes through
 *   unchanged, so an unchanged line compares equal to the original, byte for byte.
 * - Otherwise every line that starts with the base gets the target instead; a line indented less than the
 *   base (the selection ends in an outer block) loses as many characters of the target as it lacks of the
 *   base, so relative indentation is kept both ways.
 * Whitespace-only lines pass through unchanged. Unlike the Reindenter (insertion at a column), the first
 * line is shifted like every other: whole lines start at column 0.
 *
 * Input and output use LF line endings. Only a line's leading whitespace is held back, until the line's
 * first other character (or its end) shows what it is.
 */
export class IndentShifter {
  private base: string | undefined;
  private atLineStart = true;
  private held = '';

  /** @param target leading whitespace of the first non-blank line of the lines being rewritten. */
  constructor(private readonly target: string) {}

  push(text: string): string {
    let out = '';
    let index = 0;
    while (index < text.length) {
      if (this.atLineStart) {
        const char = text[index]!;
        index++;
        if (char === ' ' || char === '\t') {
          this.held += char;
        } else if (char === '\n') {
          out += `${this.held}\n`;
          this.held = '';
        } else {
          out += this.shift(this.held) + char;
          this.held = '';
          this.atLineStart = false;
        }
        continue;
      }
      const newline = text.indexOf('\n', index);
      if (newline === -1) {
        out += text.slice(index);
        break;
      }
      out += text.slice(index, newline + 1);
      this.atLineStart = true;
      index = newline + 1;
    }
    return out;
  }

  /** A last line of only whitespace is kept as it came. */
  end(): string {
    const out = this.held;
    this.held = '';
    return out;
  }

  private shift(indent: string): string {
    this.base ??= indent;
    const base = this.base;
    if (base === this.target) return indent;
    if (indent.startsWith(base)) return this.target + indent.slice(base.length);
    let common = 0;
    while (common < indent.length && common < base.length && indent[common] === base[common]) common++;
    const missing = base.length - common;
    return this.target.slice(0, Math.max(0, this.target.length - missing)) + indent.slice(common);
  }
}
