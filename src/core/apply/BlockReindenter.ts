import { detectIndentUnit, indentWidth } from './CodeLines';
import { indentOf, isBlank } from './TextLines';

/**
 * Moves a fragment's lines from the indentation they were written at to the one of the place they go:
 * a method written at column 0 for a class body, a block written with 4 spaces for a 2-space or a
 * tab-indented file. The fragment's base indentation becomes the target's, and, when the fragment
 * indents in other steps than the file, each step below the base becomes one of the file's steps
 * (columns that are not a whole step, like alignment, are kept as spaces). Blank lines become empty.
 */
export class BlockReindenter {
  private readonly convert: boolean;

  constructor(
    private readonly from: string,
    private readonly to: string,
    private readonly fragmentUnit: string | undefined,
    private readonly fileUnit: string | undefined,
  ) {
    this.convert = !!fragmentUnit && !!fileUnit && fragmentUnit !== fileUnit;
  }

  /** A reindenter for a fragment whose line at indentation `from` goes where the file has `to`. */
  static between(fragment: readonly string[], file: readonly string[], from: string, to: string): BlockReindenter {
    return new BlockReindenter(from, to, detectIndentUnit(fragment), detectIndentUnit(file));
  }

  /** True when lines come out exactly as they went in. */
  get identity(): boolean {
    return this.from === this.to && !this.convert;
  }

  line(line: string): string {
    if (isBlank(line)) return '';
    const indent = indentOf(line);
    const body = line.slice(indent.length);
    if (indent.startsWith(this.from)) return this.to + this.relative(indent.slice(this.from.length)) + body;
    // Shallower than the base (or written with other characters): keep how far it is from the base.
    const width = Math.max(0, indentWidth(indent) - indentWidth(this.from));
    return this.to + this.relative(' '.repeat(width)) + body;
  }

  lines(lines: readonly string[]): string[] {
    return lines.map((line) => this.line(line));
  }

  private relative(indent: string): string {
    if (!this.convert) return indent;
    const step = indentWidth(this.fragmentUnit!);
    const width = indentWidth(indent);
    return this.fileUnit!.repeat(Math.floor(width / step)) + ' '.repeat(width % step);
  }
}
