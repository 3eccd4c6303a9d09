import type { Token } from 'marked';
import { MarkdownPipeline, type LinkDefinitions } from './markdown';
import { browserScheduler } from './scheduler';

export interface IncrementalMarkdownRendererOptions {
  /** The window whose document owns `container` (a jsdom window in tests). */
  readonly window: Window;
  readonly container: HTMLElement;
  /** Shared per window; created when absent. */
  readonly pipeline?: MarkdownPipeline;
  /**
   * Called (at most once between two renders) when appended text is waiting: the owner calls
   * render() on its next animation frame. Without it, append() renders synchronously.
   */
  readonly onDirty?: () => void;
  /** Runs highlighting later; default the window's idle time (browserScheduler). */
  readonly scheduleIdle?: (fn: () => void) => void;
  /** False leaves code blocks plain (tests comparing DOMs). Default true. */
  readonly highlight?: boolean;
}

/** Work counters, for tests and benchmarks. */
export interface RendererStats {
  /** Characters handed to marked's lexer, summed over all calls. */
  lexedChars: number;
  lexCalls: number;
  /** Renders that only appended text to a growing code block (no lexing, no parsing). */
  fastAppends: number;
  /** Blocks rendered once and never touched again. */
  committedBlocks: number;
}

/** An unfinished fenced code block at the end of the text, grown in place. */
interface OpenFence {
  readonly char: '`' | '~';
  readonly length: number;
  readonly textNode: Text;
  /** Offset in the tail rendered into textNode so far. */
  renderedTo: number;
  /** Offset in the tail of the first line not yet known to be a content line. */
  scanFrom: number;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/** Finished blocks per chunk (see the class comment). */
export const CHUNK_BLOCKS = 32;
/** The chunk element's class; `sealed` is added when it is full. */
export const CHUNK_CLASS = 'md-chunk';

/**
 * Blocks a chunk may start with: ones the stylesheet gives no top margin (media/chat.css), so a sealed
 * chunk (its own formatting context, margins do not collapse through it) leaves the spacing unchanged.
 */
function startsChunkCleanly(node: ChildNode): boolean {
  if (node.nodeType !== 1) return false;
  const element = node as Element;
  switch (element.tagName) {
    case 'P':
    case 'UL':
    case 'OL':
    case 'BLOCKQUOTE':
    case 'TABLE':
      return true;
    case 'DIV':
      return element.classList.contains('code-block');
    default:
      return false;
  }
}

/**
 * Renders streamed Markdown into `container`, doing work proportional to the new text rather than
 * to everything before it.
 *
 * The text is split into top-level blocks with marked's lexer. Every block before the last one is
 * finished: it is rendered once (marked -> DOMPurify -> DOM), appended, and never touched again;
 * lexing restarts at the first unfinished block. Only the last, growing block is re-rendered, at
 * most once per render() (the owner calls it once per animation frame). A growing fenced code block
 * is not even re-lexed: new lines are appended to its text node until its closing fence arrives.
 * Highlighting runs once per finished code block, at idle time.
 *
 * Finished blocks go into chunks (`div.md-chunk`) of CHUNK_BLOCKS: the browser's per-frame layout, pre-paint
 * and paint walk the message's children, so a flat list of blocks made every frame cost more as the answer
 * grew (the benchmark's trace: layout 1 ms -> 4.5 ms per frame over a 100,000-character answer). A full
 * chunk is sealed (`sealed`: content-visibility: auto in the stylesheet), so off screen it is skipped
 * altogether. Chunks are sealed only before a block without a top margin (startsChunkCleanly), so the
 * spacing is the same as without chunks.
 *
 * Known, accepted inaccuracies (Cline makes the same trade): a reference link definition
 * (`[x]: https://...`) only applies to blocks after it while streaming; finish() re-renders the
 * whole answer once if the stream contained any. Raw HTML cannot span finished blocks (an unclosed
 * `<div>` does not swallow the rest of the answer, which is the safer behaviour anyway).
 */
export class IncrementalMarkdownRenderer {
  readonly stats: RendererStats = { lexedChars: 0, lexCalls: 0, fastAppends: 0, committedBlocks: 0 };

  private readonly pipeline: MarkdownPipeline;
  private readonly container: HTMLElement;
  private readonly scheduleIdle: (fn: () => void) => void;
  private readonly highlightEnabled: boolean;
  private readonly onDirty?: () => void;

  /** All text so far: only appended to (a cheap rope), never sliced while streaming. */
  private source = '';
  /**
   * The unfinished end of the text (everything before it is committed DOM), kept as its own string:
   * every render works on it, and slicing it out of the whole text each frame would copy the whole
   * answer every frame (garbage in a page whose heap the workbench shares).
   */
  private tail = '';
  private readonly links: LinkDefinitions = Object.create(null) as LinkDefinitions;
  private sawDefinitions = false;
  /** DOM nodes of the unfinished tail, replaced on each render; they follow the chunks. */
  private tailNodes: ChildNode[] = [];
  /** The chunk finished blocks go into (the last child before the tail's nodes). */
  private chunk: HTMLElement | undefined;
  private fence: OpenFence | undefined;
  private dirty = false;
  private finished = false;
  private pendingCR = false;
  private readonly highlightQueue: HTMLElement[] = [];
  private highlightScheduled = false;

  constructor(options: IncrementalMarkdownRendererOptions) {
    this.container = options.container;
    this.pipeline = options.pipeline ?? new MarkdownPipeline(options.window);
    this.onDirty = options.onDirty;
    this.highlightEnabled = options.highlight ?? true;
    this.scheduleIdle = options.scheduleIdle ?? browserScheduler(options.window).idle;
  }

  /** All text appended so far (line endings normalized to \n). */
  get text(): string {
    return this.source;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Adds streamed text; the DOM follows on the next render(). */
  append(text: string): void {
    if (this.finished || text.length === 0) return;
    // marked normalizes \r\n itself, which would shift our offsets: normalize first, across chunks.
    let t = text;
    if (this.pendingCR && t.startsWith('\n')) t = t.slice(1);
    this.pendingCR = t.endsWith('\r');
    t = t.replace(/\r\n?/g, '\n');
    if (t.length === 0) return;
    this.source += t;
    this.tail += t;
    if (this.dirty) return;
    this.dirty = true;
    if (this.onDirty) this.onDirty();
    else this.render();
  }

  /** Brings the DOM up to date with the text; cheap when nothing changed. */
  render(): void {
    if (!this.dirty || this.finished) return;
    this.dirty = false;
    if (this.fence && this.growFence(this.fence)) return;
    this.fence = undefined;
    this.renderTail(false);
  }

  /** The stream ended: renders the last block as finished and highlights what is left. */
  finish(): void {
    if (this.finished) return;
    this.dirty = false;
    this.fence = undefined;
    this.renderTail(true);
    if (this.sawDefinitions) this.renderAll();
    this.finished = true;
  }

  /** Runs pending highlighting now instead of at idle time (tests, or before copying the DOM). */
  flushHighlighting(): void {
    while (this.highlightQueue.length > 0) {
      const code = this.highlightQueue.shift()!;
      if (code.isConnected) this.pipeline.highlight(code);
    }
  }

  private renderTail(final: boolean): void {
    const src = this.tail;
    const tokens = src.length > 0 ? this.lex(src) : [];
    const cut = final ? tokens.length : firstUnfinished(tokens);

    for (const node of this.tailNodes) node.remove();
    this.tailNodes = [];

    if (cut > 0) {
      const done = tokens.slice(0, cut);
      const fragment = this.pipeline.toFragment(done);
      this.queueHighlight(fragment);
      this.commit(fragment);
      let committed = 0;
      for (const token of done) {
        committed += token.raw.length;
        if (token.type === 'def') this.define(token);
      }
      this.tail = this.tail.slice(committed);
      this.stats.committedBlocks += done.filter((t) => t.type !== 'space').length;
    }
    if (final || cut >= tokens.length) return;

    const tail = tokens.slice(cut);
    const fragment = this.pipeline.toFragment(tail);
    this.tailNodes = Array.from(fragment.childNodes);
    this.container.append(fragment);
    this.fence = this.openFenceAtEnd(tail);
  }

  /** Re-renders the whole answer once (only when link definitions may have changed earlier blocks). */
  private renderAll(): void {
    const fragment = this.pipeline.toFragment(this.lex(this.source));
    this.queueHighlight(fragment);
    this.container.replaceChildren();
    this.chunk = undefined;
    this.commit(fragment);
    this.tailNodes = [];
    this.tail = '';
  }

  /** Moves finished blocks into chunks at the end of the container (the tail was removed before). */
  private commit(fragment: DocumentFragment): void {
    for (const node of Array.from(fragment.childNodes)) {
      if (this.chunk && this.chunk.childElementCount >= CHUNK_BLOCKS && startsChunkCleanly(node)) {
        this.chunk.classList.add('sealed');
        this.chunk = undefined;
      }
      if (!this.chunk) {
        this.chunk = this.container.ownerDocument.createElement('div');
        this.chunk.className = CHUNK_CLASS;
        this.container.append(this.chunk);
      }
      this.chunk.append(node);
    }
  }

  private lex(src: string): Token[] {
    this.stats.lexCalls++;
    this.stats.lexedChars += src.length;
    return this.pipeline.lex(src, this.links);
  }

  private define(token: Token): void {
    if (token.type !== 'def') return;
    this.sawDefinitions = true;
    const tag = token.tag.toLowerCase();
    if (!(tag in this.links)) this.links[tag] = { href: token.href, title: token.title };
  }

  /**
   * If the tail ends in a fenced code block whose opening line is complete and whose closing fence
   * has not arrived, returns the state to grow it in place.
   */
  private openFenceAtEnd(tail: Token[]): OpenFence | undefined {
    const last = tail.at(-1);
    if (!last || last.type !== 'code') return undefined;
    const open = FENCE_OPEN.exec(last.raw);
    const firstNewline = last.raw.indexOf('\n');
    if (!open || firstNewline === -1) return undefined;
    const char = open[1][0] as '`' | '~';
    const length = open[1].length;
    const lines = last.raw.slice(firstNewline + 1).split('\n');
    if (lines.some((line) => isClosingFence(line, char, length))) return undefined;
    // The indented-fence case (marked strips the indent from content lines) is rare: don't grow it.
    if (last.raw.startsWith(' ')) return undefined;

    const code = this.tailNodes
      .filter((n): n is Element => n.nodeType === 1)
      .at(-1)
      ?.querySelector('pre > code');
    if (!code) return undefined;
    const start = this.tail.length - last.raw.length;
    const textNode = code.ownerDocument.createTextNode(this.tail.slice(start + firstNewline + 1));
    code.replaceChildren(textNode);
    code.setAttribute('data-streaming', 'true');
    const lastNewline = this.tail.lastIndexOf('\n');
    return { char, length, textNode, renderedTo: this.tail.length, scanFrom: lastNewline + 1 };
  }

  /** Appends new lines to a growing code block; false when its closing fence arrived. */
  private growFence(fence: OpenFence): boolean {
    const text = this.tail;
    let pos = fence.scanFrom;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      const line = text.slice(pos, nl === -1 ? text.length : nl);
      if (isClosingFence(line, fence.char, fence.length)) return false;
      if (nl === -1) break;
      pos = nl + 1;
    }
    fence.scanFrom = pos;
    fence.textNode.appendData(text.slice(fence.renderedTo));
    fence.renderedTo = text.length;
    this.stats.fastAppends++;
    return true;
  }

  private queueHighlight(fragment: DocumentFragment): void {
    if (!this.highlightEnabled) return;
    const codes = fragment.querySelectorAll<HTMLElement>('pre > code');
    if (codes.length === 0) return;
    this.highlightQueue.push(...Array.from(codes));
    if (this.highlightScheduled) return;
    this.highlightScheduled = true;
    this.scheduleIdle(() => {
      this.highlightScheduled = false;
      this.flushHighlighting();
    });
  }
}

/**
 * Index of the first token that may still change. The last non-space token is unfinished; so is the
 * one before it while the last one's first line is incomplete ("```p" could still turn out to be
 * paragraph text, "- " a lazy continuation).
 */
function firstUnfinished(tokens: Token[]): number {
  let last = lastContentIndex(tokens, tokens.length);
  if (last <= 0) return 0;
  if (!tokens[last].raw.includes('\n')) {
    const previous = lastContentIndex(tokens, last);
    if (previous >= 0) last = previous;
  }
  return last;
}

function lastContentIndex(tokens: Token[], before: number): number {
  for (let i = before - 1; i >= 0; i--) if (tokens[i].type !== 'space') return i;
  return -1;
}

function isClosingFence(line: string, char: string, length: number): boolean {
  const m = FENCE_CLOSE.exec(line);
  return m !== null && m[1][0] === char && m[1].length >= length;
}
