/**
 * Streaming removal of the Markdown code fence a model wraps its code in, so only code lands in the editor.
 *
 * Rules (push(text) returns what may be shown now, end() returns the rest):
 * - Fenced answer: only the content of the first top-level fenced block is emitted; prose before the
 *   opener and everything after the closer is dropped.
 * - Unfenced answer: everything is code. The decision is made on the first non-blank line:
 *   - a fence opener (CommonMark: 0-3 spaces, 3+ backticks or tildes) -> fenced;
 *   - a line that reads like a sentence ("Here is the function:", "Sure! ...") or a Markdown heading
 *     or bold label ("### Solution", "**Code:**") -> held back, because
 *     models often put one or two lines of prose before the fence. Only such prose lines (and blank
 *     lines, and list/heading lines that follow prose) are held, at most MAX_HELD_PROSE_LINES of them;
 *     if a fence follows they are dropped, otherwise they turn out to be code and are emitted;
 *   - anything else (code) -> unfenced, emitted at once, even as a partial line.
 *   This is a refinement of "the first non-fence line decides": it is the only way to drop prose before
 *   a fence without buffering the whole answer, and code rarely starts with a capitalised sentence
 *   ending in ':' '.' '!' or '?'.
 * - Inside the block, CommonMark decides what closes it: the same fence char, at least as long as the
 *   opener, nothing after it but spaces, 0-3 spaces of indentation. So a ```` block containing ```js
 *   examples is not cut short. In addition (beyond CommonMark, because models nest fences of the
 *   same length, e.g. a README in ```markdown with ```js examples inside) a fence line WITH an info
 *   string inside the block opens a nested level, and the next matching bare fence closes that nested
 *   level instead of the block. A nested bare opener (no info string) cannot be told from a closer.
 * - Content lines lose up to as many leading spaces as the opener was indented (CommonMark).
 * - An unclosed block at end of stream emits everything.
 * - The newline that ends the last content line before the closer belongs to the fence, not to the
 *   code (so inserting at a cursor does not add a line break); that single '\n' is held until the next
 *   line proves to be content.
 * - Nothing else is held beyond the current partial line, and a partial line is emitted as soon as it
 *   can no longer be a fence line (or a prose line, before the decision).
 * - CRLF and lone CR are normalised to LF; the output is LF only.
 */

/** Before the first fence or code line, at most this many non-blank prose lines are held back. */
const MAX_HELD_PROSE_LINES = 8;
/** A longer first line is not treated as possible prose, so a long code line is never held. */
const MAX_PROSE_LINE_LENGTH = 400;

export type FenceState = 'undecided' | 'fenced' | 'unfenced';

export interface FenceStripperOptions {
  /** Called once, as soon as the opener line is complete, with its info string's first word. */
  readonly onLanguage?: (language: string) => void;
}

interface Fence {
  readonly char: '`' | '~';
  readonly length: number;
  readonly indent: number;
  readonly info: string;
}

type Mode = 'detect' | 'block' | 'after' | 'unfenced';

export class FenceStripper {
  private mode: Mode = 'detect';
  private readonly newlines = new LineEndingNormalizer();
  /** The current incomplete line (LF excluded). */
  private line = '';
  /** Block mode: the current line is known to be content; `lineEmitted` chars of it were emitted. */
  private lineDecided = false;
  private lineEmitted = 0;
  /** Block mode: the '\n' ending the previous content line, held in case the next line closes the block. */
  private pendingNewline = false;
  /** Detect mode: complete blank or prose lines held back until the answer is known to be fenced or not. */
  private held: string[] = [];
  private heldProse = 0;
  private fence: Fence | undefined;
  private readonly nested: Fence[] = [];
  private detectedLanguage: string | undefined;

  constructor(private readonly options: FenceStripperOptions = {}) {}

  /** The opener's info string first word (e.g. "python"), once the opener line is complete. */
  get language(): string | undefined {
    return this.detectedLanguage;
  }

  /** True once the block's closing fence went by: nothing more is ever emitted. */
  get closed(): boolean {
    return this.mode === 'after';
  }

  /** Whether the answer turned out to be fenced code, unfenced code, or is not decided yet. */
  get state(): FenceState {
    if (this.mode === 'detect') return 'undecided';
    return this.mode === 'unfenced' ? 'unfenced' : 'fenced';
  }

  push(text: string): string {
    return this.process(this.newlines.push(text));
  }

  end(): string {
    let out = this.process(this.newlines.end());
    switch (this.mode) {
      case 'detect':
        // No fence ever came: everything, prose-looking lines included, was code.
        out += this.commitUnfenced();
        break;
      case 'block': {
        // A closing fence on the last line, without a newline, is dropped like any closer. Otherwise the
        // block is unclosed (the answer was cut off) and everything it had is emitted.
        const closesAtEof =
          !this.lineDecided && this.nested.length === 0 && this.isCloser(this.line, this.innermostFence());
        if (!closesAtEof && (this.line !== '' || this.lineDecided)) out += this.emitDecided();
        else if (!closesAtEof && this.pendingNewline) out += '\n';
        this.line = '';
        this.mode = 'after';
        break;
      }
      case 'unfenced':
      case 'after':
        break;
    }
    this.pendingNewline = false;
    return out;
  }

  private process(input: string): string {
    let out = '';
    let index = 0;
    while (index < input.length) {
      if (this.mode === 'unfenced') return out + input.slice(index);
      if (this.mode === 'after') return out;
      const newline = input.indexOf('\n', index);
      if (newline === -1) {
        this.line += input.slice(index);
        return out + this.partialLine();
      }
      this.line += input.slice(index, newline);
      out += this.completeLine();
      index = newline + 1;
    }
    return out;
  }

  /** What of the incomplete current line can be emitted now. */
  private partialLine(): string {
    if (this.mode === 'detect') {
      if (couldBeOpener(this.line) || this.couldBeProse(this.line)) return '';
      return this.commitUnfenced();
    }
    if (this.mode !== 'block') return '';
    if (!this.lineDecided) {
      // A nested closer is content anyway; only a closer of the block itself must be held.
      if (this.nested.length === 0 && couldBeCloser(this.line, this.innermostFence())) return '';
      return this.emitDecided();
    }
    return this.emitDecided();
  }

  private completeLine(): string {
    const line = this.line;
    if (this.mode === 'detect') {
      const opener = parseOpener(line);
      if (opener) {
        this.openBlock(opener);
        return '';
      }
      if (line.trim() === '') {
        this.held.push(line);
        this.line = '';
        return '';
      }
      if (this.isProseLine(line) && this.heldProse < MAX_HELD_PROSE_LINES) {
        this.held.push(line);
        this.heldProse++;
        this.line = '';
        return '';
      }
      this.line += '\n';
      return this.commitUnfenced();
    }
    // Block mode.
    const innermost = this.innermostFence();
    if (this.isCloser(line, innermost)) {
      if (this.nested.length === 0) {
        this.mode = 'after';
        this.pendingNewline = false;
        this.line = '';
        return '';
      }
      this.nested.pop();
    } else {
      const opener = parseOpener(line);
      if (opener && opener.info !== '') this.nested.push(opener);
    }
    const out = this.emitDecided();
    this.pendingNewline = true;
    this.line = '';
    this.lineDecided = false;
    this.lineEmitted = 0;
    return out;
  }

  /** Marks the current block line as content and returns what of it is not emitted yet. */
  private emitDecided(): string {
    const out = this.decideContent() + this.line.slice(this.lineEmitted);
    this.lineEmitted = this.line.length;
    return out;
  }

  /** First time a line is known to be content: the held newline goes out, the opener's indent is removed. */
  private decideContent(): string {
    if (this.lineDecided) return '';
    this.lineDecided = true;
    const indent = this.fence?.indent ?? 0;
    let strip = 0;
    while (strip < indent && this.line[strip] === ' ') strip++;
    this.lineEmitted = strip;
    const newline = this.pendingNewline ? '\n' : '';
    this.pendingNewline = false;
    return newline;
  }

  private openBlock(fence: Fence): void {
    this.mode = 'block';
    this.fence = fence;
    this.held = [];
    this.line = '';
    const language = fence.info.split(/\s+/)[0]?.replace(/^[{.]+/, '').replace(/}$/, '');
    if (language) {
      this.detectedLanguage = language;
      this.options.onLanguage?.(language);
    }
  }

  private commitUnfenced(): string {
    const out = this.held.map((line) => line + '\n').join('') + this.line;
    this.held = [];
    this.line = '';
    this.mode = 'unfenced';
    return out;
  }

  private innermostFence(): Fence {
    const fence = this.nested.at(-1) ?? this.fence;
    if (!fence) throw new Error('FenceStripper: no open fence');
    return fence;
  }

  private isCloser(line: string, fence: Fence): boolean {
    const match = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
    return match !== null && match[1][0] === fence.char && match[1].length >= fence.length;
  }

  private isProseLine(line: string): boolean {
    if (line.length > MAX_PROSE_LINE_LENGTH) return false;
    const text = line.trim();
    if (/^[A-Z][^;{}=<>]*\s[^;{}=<>]*[:.!?](\*\*|`)?$/.test(text)) return true;
    // "Sure!", "Certainly!", "Solution:": one word is prose only with an exclamation mark or a colon.
    if (/^[A-Z][a-z]+[!:]$/.test(text)) return true;
    // Markdown headings and bold labels ("### Solution", "**Code:**"). A "# comment" first line of
    // code is held by this too, which only delays it by one line: held lines are emitted if no fence follows.
    if (/^(?:#{1,6}\s+\S|\*\*[^*]+\*\*:?$)/.test(text)) return true;
    // Lists and headings only count as prose once a sentence was seen (YAML starts with "- " too).
    return this.heldProse > 0 && /^(?:[-*+]|\d+[.)]|#{1,6})\s+\S/.test(text);
  }

  /** Could this incomplete line still turn out to be a held prose line? */
  private couldBeProse(line: string): boolean {
    if (this.heldProse >= MAX_HELD_PROSE_LINES || line.length > MAX_PROSE_LINE_LENGTH) return false;
    const text = line.trimStart();
    if (/^(?:[A-Z]|#{1,6}(?:\s|$)|\*\*?(?!\/))[^;{}=<>]*$/.test(text) || /^#{1,6}$/.test(text)) return true;
    return this.heldProse > 0 && /^(?:[-*+]|\d+[.)]?|#{1,6})(\s|$)/.test(text);
  }
}

/** Parses a complete CommonMark fence opener line. */
function parseOpener(line: string): Fence | undefined {
  const match = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line);
  if (!match) return undefined;
  const [, indent, run, rest] = match;
  // A backtick fence's info string cannot contain a backtick (that would be inline code).
  if (run[0] === '`' && rest.includes('`')) return undefined;
  return { char: run[0] === '`' ? '`' : '~', length: run.length, indent: indent.length, info: rest.trim() };
}

/** Could this incomplete line still become a fence opener? */
function couldBeOpener(line: string): boolean {
  return /^ {0,3}(?:`{0,2}|~{0,2})$/.test(line) || /^ {0,3}(?:`{3,}[^`]*|~{3,}.*)$/.test(line);
}

/** Could this incomplete line still become a closer of `fence`? */
function couldBeCloser(line: string, fence: Fence): boolean {
  const match = /^ {0,3}(`*|~*)([ \t]*)$/.exec(line);
  if (!match) return false;
  const [, run, trailing] = match;
  if (run === '') return trailing === '';
  if (run[0] !== fence.char) return false;
  return trailing === '' || run.length >= fence.length;
}

/** Turns CRLF and lone CR into LF across chunk boundaries (a chunk may end between '\r' and '\n'). */
export class LineEndingNormalizer {
  private pendingCarriageReturn = false;

  push(text: string): string {
    let input = this.pendingCarriageReturn ? '\r' + text : text;
    this.pendingCarriageReturn = input.endsWith('\r');
    if (this.pendingCarriageReturn) input = input.slice(0, -1);
    return input.replace(/\r\n?/g, '\n');
  }

  end(): string {
    const out = this.pendingCarriageReturn ? '\n' : '';
    this.pendingCarriageReturn = false;
    return out;
  }
}
