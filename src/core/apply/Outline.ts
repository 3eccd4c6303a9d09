import { bracketBalance, indentWidth, isCommentLine, isContinuationLine, isDecoratorLine } from './CodeLines';
import { signatureOf, type SignatureContext } from './Signature';
import { indentOf, isBlank } from './TextLines';

/**
 * One item of an indentation outline: a declaration or statement with everything indented under it
 * (and its closing lines), or an elision marker. Line numbers index the lines the outline was built
 * from; `end` is after the item's last non-blank line.
 */
export interface OutlineItem {
  readonly kind: 'unit' | 'marker';
  /** First line, including comments and decorators attached directly above the head. */
  readonly start: number;
  /** The line that opens the item (`def f():`, `class A {`, a statement). */
  readonly head: number;
  readonly end: number;
  /** Lines between the head and the item's closing lines ([innerStart, innerEnd)). */
  readonly innerStart: number;
  readonly innerEnd: number;
  /** The head's leading whitespace. */
  readonly indent: string;
  /** The head, trimmed: what items are matched by first. */
  readonly key: string;
  /** The head's declaration key (see signatureOf): what items are matched by next. */
  readonly signature?: string;
  readonly children: readonly OutlineItem[];
  /** True when an elision marker is somewhere inside. */
  readonly hasMarker: boolean;
}

export interface OutlineOptions {
  /** Which lines are elision markers (only fragments have them). */
  readonly isMarker?: (line: string) => boolean;
  /** Whether # starts a comment (for bracket counting). */
  readonly hashComments?: boolean;
}

/**
 * Builds the indentation outline of some code: items at the shallowest indentation, each owning the
 * deeper lines below it, recursively. A line at the item's own indentation still belongs to it while
 * its brackets are open or when it continues it (`} else {`, `except:`, `):`, `}`), so a brace
 * language's closing line and a Python signature spread over several lines stay with their item.
 * Comment and decorator lines directly above an item (no blank line between) are attached to it.
 */
export function buildOutline(lines: readonly string[], options: OutlineOptions = {}): OutlineItem[] {
  return new OutlineBuilder(lines, options).block(0, lines.length, undefined, 'members');
}

/** Calls `visit` for every item, with the list of its siblings and its parent (undefined at the top). */
export function walkOutline(
  items: readonly OutlineItem[],
  visit: (item: OutlineItem, siblings: readonly OutlineItem[], parent: OutlineItem | undefined) => void,
  parent?: OutlineItem,
): void {
  for (const item of items) {
    visit(item, items, parent);
    walkOutline(item.children, visit, item);
  }
}

class OutlineBuilder {
  private readonly widths: number[];
  private readonly markers: boolean[];

  constructor(
    private readonly lines: readonly string[],
    private readonly options: OutlineOptions,
  ) {
    this.widths = lines.map((line) => indentWidth(indentOf(line)));
    this.markers = lines.map((line) => !isBlank(line) && (options.isMarker?.(line) ?? false));
  }

  /**
   * The items of lines [from, to). `outer` is the indentation width of the enclosing item: lines not
   * deeper than it (a `} else {` between two bodies) become items of their own.
   */
  block(from: number, to: number, outer: number | undefined, context: SignatureContext): OutlineItem[] {
    const base = this.baseWidth(from, to, outer);
    const items: OutlineItem[] = [];
    let i = from;
    while (i < to) {
      if (isBlank(this.lines[i]!)) {
        i++;
        continue;
      }
      const width = this.widths[i]!;
      if (this.markers[i]) {
        items.push(this.leaf('marker', i));
        i++;
      } else if (width < base) {
        items.push(this.leaf('unit', i));
        i++;
      } else {
        const item = this.unit(i, to, width, context);
        items.push(item);
        i = item.end;
      }
    }
    return items;
  }

  /** The unit that starts at line `start`, whose head is at indentation width `base`. */
  private unit(start: number, to: number, base: number, context: SignatureContext): OutlineItem {
    const { lines, widths, markers } = this;
    let head = start;
    while (
      (isCommentLine(lines[head]!) || isDecoratorLine(lines[head]!)) &&
      head + 1 < to &&
      !isBlank(lines[head + 1]!) &&
      widths[head + 1] === base &&
      !markers[head + 1]
    ) {
      head++;
    }
    const hash = this.options.hashComments ?? false;
    let balance = bracketBalance(lines[head]!, hash);
    let end = head + 1;
    let lastDeeper = -1;
    for (let j = head + 1; j < to; j++) {
      const line = lines[j]!;
      if (isBlank(line)) continue;
      const width = widths[j]!;
      if (width > base) {
        lastDeeper = j;
      } else if (width < base || markers[j] || !(balance > 0 || isContinuationLine(line))) {
        break;
      }
      balance += bracketBalance(line, hash);
      end = j + 1;
    }
    const innerEnd = lastDeeper >= 0 ? lastDeeper + 1 : head + 1;
    const key = lines[head]!.trim();
    const signature = signatureOf(key, end > head + 1 || /[{:]\s*$/.test(key), context);
    // A function's body (and a CSS rule's) holds statements; a module's, a class's or an object's, members.
    const inner: SignatureContext = context === 'body' || (signature && /^(def|function|fn|fun|func|method|const|rule) /.test(signature)) ? 'body' : 'members';
    const children = innerEnd > head + 1 ? this.block(head + 1, innerEnd, base, inner) : [];
    return {
      kind: 'unit',
      start,
      head,
      end,
      innerStart: head + 1,
      innerEnd,
      indent: indentOf(lines[head]!),
      key,
      ...(signature ? { signature } : {}),
      children,
      hasMarker: children.some((child) => child.kind === 'marker' || child.hasMarker),
    };
  }

  private leaf(kind: 'unit' | 'marker', line: number): OutlineItem {
    const key = this.lines[line]!.trim();
    return { kind, start: line, head: line, end: line + 1, innerStart: line + 1, innerEnd: line + 1, indent: indentOf(this.lines[line]!), key, children: [], hasMarker: false };
  }

  /** The shallowest indentation of code lines deeper than `outer` (markers count only when there is no code). */
  private baseWidth(from: number, to: number, outer: number | undefined): number {
    let code = Infinity;
    let any = Infinity;
    for (let i = from; i < to; i++) {
      if (isBlank(this.lines[i]!)) continue;
      const width = this.widths[i]!;
      if (outer !== undefined && width <= outer) continue;
      any = Math.min(any, width);
      if (!this.markers[i]) code = Math.min(code, width);
    }
    return code !== Infinity ? code : any !== Infinity ? any : 0;
  }
}
