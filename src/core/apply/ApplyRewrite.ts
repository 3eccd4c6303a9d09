/**
 * How an Apply becomes the same streamed rewrite Edit Selection reviews: the stretch of the file the
 * review covers (whole lines) and the text pushed into its EditSession. Unchanged lines are pushed as
 * they are, so the diff engine matches them and never edits or animates them; only the regions change.
 *
 * Tiers 1-2 (`localRewrite`): the regions are known at once; the span runs from one line before the
 * first region to one line after the last (a line of context on each side gives the engine an anchor,
 * and keeps an insertion at the end of a file without a final newline at the start of a line).
 *
 * Tier 3 (`MergeRewriter`): the model's SEARCH/REPLACE answer streams in. After each complete block the
 * blocks so far are applied to the window the model was shown (applyModelAnswer: nothing guessed), and
 * the rewrite is pushed up to the end of the last changed region. Pushing is forward only: a block that
 * changes lines before what was already pushed (blocks out of file order) makes the stream `diverged`;
 * the caller then shows the final result as a fresh review instead.
 */
import { applyModelAnswer, type LineWindow } from './ModelMerge';
import { SearchReplaceFormatError, SearchReplaceParser, type SearchReplaceBlock } from './SearchReplaceParser';
import { splitText, type TextLines } from './TextLines';
import type { ApplyRegion } from './types';

/** Lines [startLine, endLine) of the file the review covers, and the text that replaces them. */
export interface RewriteSpan extends LineWindow {
  /** The new lines of the span, each followed by '\n' (the session uses the document's EOL). */
  readonly text: string;
}

/** The span and rewrite of regions computed without a model (tiers 1-2); undefined when nothing changes. */
export function localRewrite(fileText: string, regions: readonly ApplyRegion[]): RewriteSpan | undefined {
  if (regions.length === 0) return undefined;
  const file = splitText(fileText);
  const startLine = Math.max(0, regions[0]!.startLine - 1);
  const endLine = Math.min(file.lines.length, regions[regions.length - 1]!.endLine + 1);
  return { startLine, endLine, text: terminated(rewriteLines(file.lines, { startLine, endLine }, regions)) };
}

/** What a piece of the model's answer adds to the rewrite. */
export type MergeStep =
  /** Text to push into the session now ('' when nothing new is certain yet). */
  | { readonly kind: 'push'; readonly text: string }
  /** The blocks so far cannot be applied (not found, ambiguous, malformed): show nothing of them. */
  | { readonly kind: 'error'; readonly message: string };

/**
 * Turns a streamed SEARCH/REPLACE answer into the rewrite of `window`, pushed forward only. Feed it the
 * answer's text (`push`), then call `end` (complete answer) or `cut` (stopped or failed answer: the
 * complete blocks so far count, a partial one is dropped).
 */
export class MergeRewriter {
  private readonly parser = new SearchReplaceParser();
  private readonly file: TextLines;
  private readonly blocks: SearchReplaceBlock[] = [];
  /** The rewrite lines pushed so far. */
  private readonly pushed: string[] = [];
  private regions: readonly ApplyRegion[] = [];
  private failure: string | undefined;
  private outOfOrder = false;

  constructor(
    private readonly fileText: string,
    readonly window: LineWindow,
  ) {
    this.file = splitText(fileText);
  }

  /** The blocks parsed so far. */
  get blockCount(): number {
    return this.blocks.length;
  }

  /** True once a block changed lines before what was already pushed: the pushed rewrite is not the result. */
  get diverged(): boolean {
    return this.outOfOrder;
  }

  /** The regions of the blocks so far (regions of the original file). */
  get changes(): readonly ApplyRegion[] {
    return this.regions;
  }

  push(text: string): MergeStep {
    return this.step(() => this.parser.push(text), false);
  }

  /** The answer is complete: the rest of the window is pushed (an open block is an error). */
  end(): MergeStep {
    return this.step(() => this.parser.end(), true);
  }

  /** The answer was cut: the complete blocks so far are the result, and the rest of the window is pushed. */
  cut(): MergeStep {
    return this.step(() => [], true);
  }

  /** The whole rewrite of the window with every block so far (for a fresh review after `diverged`). */
  get rewrite(): string {
    return terminated(rewriteLines(this.file.lines, this.window, this.regions));
  }

  private step(parse: () => SearchReplaceBlock[], last: boolean): MergeStep {
    if (this.failure !== undefined) return { kind: 'error', message: this.failure };
    let added: SearchReplaceBlock[];
    try {
      added = parse();
    } catch (error) {
      if (!(error instanceof SearchReplaceFormatError)) throw error;
      return this.fail(`The model's answer is not in the SEARCH/REPLACE format: ${error.message}`);
    }
    if (added.length > 0) {
      this.blocks.push(...added);
      const outcome = applyModelAnswer(this.fileText, this.blocks, this.window);
      if (!outcome.ok) return this.fail(`The model's answer does not fit the file: ${outcome.failure.message}`);
      this.regions = outcome.regions;
    }
    if (this.outOfOrder) return { kind: 'push', text: '' };
    const lines = rewriteLines(this.file.lines, this.window, this.regions);
    if (!this.pushed.every((line, i) => lines[i] === line)) {
      this.outOfOrder = true;
      return { kind: 'push', text: '' };
    }
    const until = last ? lines.length : this.certainUntil();
    const next = lines.slice(this.pushed.length, Math.max(this.pushed.length, until));
    this.pushed.push(...next);
    return { kind: 'push', text: terminated(next) };
  }

  /** How many rewrite lines are certain: up to the end of the last changed region. */
  private certainUntil(): number {
    const last = this.regions[this.regions.length - 1];
    if (!last) return 0;
    let shift = 0;
    for (const region of this.regions) shift += region.replacementLines.length - (region.endLine - region.startLine);
    return last.endLine - this.window.startLine + shift;
  }

  private fail(message: string): MergeStep {
    this.failure = message;
    return { kind: 'error', message };
  }
}

/** The lines of `window` with the regions (original coordinates, inside the window) applied. */
function rewriteLines(lines: readonly string[], window: LineWindow, regions: readonly ApplyRegion[]): string[] {
  const out: string[] = [];
  let line = window.startLine;
  for (const region of regions) {
    for (; line < region.startLine; line++) out.push(lines[line]!);
    out.push(...region.replacementLines);
    line = region.endLine;
  }
  for (; line < window.endLine; line++) out.push(lines[line]!);
  return out;
}

function terminated(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}
