/**
 * Streaming parser for SEARCH/REPLACE blocks (the Aider / Cline edit format), as written in a chat code
 * block or streamed by the model in a merge:
 *
 *     <<<<<<< SEARCH
 *     lines copied from the file
 *     =======
 *     the lines that replace them
 *     >>>>>>> REPLACE
 *
 * Markers may have 5 to 9 marker characters (models miscount) and Cline's `------- SEARCH` /
 * `+++++++ REPLACE` spelling. Text outside blocks (prose, fences, a file path) is skipped. A block is
 * yielded as soon as its REPLACE marker is complete, before the line ends, so the editor can show it
 * while the rest of the answer streams. A malformed answer raises a SearchReplaceFormatError that
 * says what is wrong and on which line, and every later push raises it again.
 */

export interface SearchReplaceBlock {
  /** Lines to find in the file (empty for an "insert into an empty file" block). */
  readonly search: readonly string[];
  /** Lines that replace them. */
  readonly replace: readonly string[];
  /** 1-based line of the answer where the block's SEARCH marker is. */
  readonly line: number;
  /** A file path written just before the block (Aider style), when there is one. */
  readonly path?: string;
}

/** A SEARCH/REPLACE answer that cannot be parsed; `line` is the 1-based line of the answer. */
export class SearchReplaceFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'SearchReplaceFormatError';
  }
}

const SEARCH_MARKER = /^\s*(?:<{5,9}|-{5,9})\s*SEARCH\s*$/;
const DIVIDER = /^\s*={5,9}\s*$/;
const REPLACE_MARKER = /^\s*(?:>{5,9}|\+{5,9})\s*REPLACE\s*$/;
const PATH_LINE = /^[\w.@~/\\-]*\w\.[A-Za-z0-9]+$/;

/**
 * True when a code block is written as SEARCH/REPLACE blocks: a SEARCH marker line and a divider or a
 * REPLACE marker line (a block cut short is still one, so that it is reported as malformed).
 */
export function looksLikeSearchReplace(code: string): boolean {
  const lines = code.split(/\r?\n/);
  return lines.some((line) => SEARCH_MARKER.test(line)) && lines.some((line) => DIVIDER.test(line) || REPLACE_MARKER.test(line));
}

export class SearchReplaceParser {
  private partial = '';
  /** Lines completed so far (the partial line is number completed + 1). */
  private completed = 0;
  private state: 'outside' | 'search' | 'replace' = 'outside';
  private search: string[] = [];
  private replace: string[] = [];
  private blockLine = 0;
  private blockPath: string | undefined;
  private lastProse: string | undefined;
  /** The partial line was a complete REPLACE marker and its block already went out. */
  private closedOnPartial = false;
  private failure: SearchReplaceFormatError | undefined;

  /** Feeds more of the answer; returns the blocks completed by it. */
  push(chunk: string): SearchReplaceBlock[] {
    this.throwIfFailed();
    const blocks: SearchReplaceBlock[] = [];
    this.partial += chunk;
    let newline = this.partial.indexOf('\n');
    while (newline !== -1) {
      const line = this.partial.slice(0, newline).replace(/\r$/, '');
      this.partial = this.partial.slice(newline + 1);
      this.completed++;
      if (this.closedOnPartial) this.closedOnPartial = false;
      else this.line(line, blocks);
      newline = this.partial.indexOf('\n');
    }
    if (!this.closedOnPartial && this.state === 'replace' && REPLACE_MARKER.test(this.partial.replace(/\r$/, ''))) {
      blocks.push(this.close());
      this.closedOnPartial = true;
    }
    return blocks;
  }

  /** The answer is complete: returns a last block closed without a final newline, or raises if one is open. */
  end(): SearchReplaceBlock[] {
    this.throwIfFailed();
    const blocks: SearchReplaceBlock[] = [];
    if (this.partial && !this.closedOnPartial) {
      const line = this.partial.replace(/\r$/, '');
      this.completed++;
      this.line(line, blocks);
    }
    this.partial = '';
    this.closedOnPartial = false;
    if (this.state !== 'outside') {
      const missing = this.state === 'search' ? "'=======' and '>>>>>>> REPLACE'" : "'>>>>>>> REPLACE'";
      this.fail(`The answer ended inside the block that starts on line ${this.blockLine}: ${missing} missing.`, this.completed);
    }
    return blocks;
  }

  private line(line: string, blocks: SearchReplaceBlock[]): void {
    const number = this.completed;
    switch (this.state) {
      case 'outside':
        if (SEARCH_MARKER.test(line)) {
          this.state = 'search';
          this.blockLine = number;
          this.blockPath = this.lastProse;
          this.search = [];
          this.replace = [];
        } else if (REPLACE_MARKER.test(line)) {
          this.fail(`Line ${number}: '>>>>>>> REPLACE' without a '<<<<<<< SEARCH' block before it.`, number);
        } else if (line.trim() && !line.trim().startsWith('```')) {
          this.lastProse = pathIn(line);
        }
        return;
      case 'search':
        if (SEARCH_MARKER.test(line)) {
          this.fail(`Line ${number}: a new '<<<<<<< SEARCH' inside the block from line ${this.blockLine}, which has no '=======' yet.`, number);
        } else if (REPLACE_MARKER.test(line)) {
          this.fail(`Line ${number}: '>>>>>>> REPLACE' before the '=======' of the block from line ${this.blockLine}.`, number);
        } else if (DIVIDER.test(line)) {
          this.state = 'replace';
        } else {
          this.search.push(line);
        }
        return;
      case 'replace':
        if (REPLACE_MARKER.test(line)) {
          blocks.push(this.close());
        } else if (SEARCH_MARKER.test(line)) {
          this.fail(`Line ${number}: the block from line ${this.blockLine} is not closed by '>>>>>>> REPLACE' before the next '<<<<<<< SEARCH'.`, number);
        } else if (DIVIDER.test(line)) {
          this.fail(`Line ${number}: a second '=======' in the block from line ${this.blockLine}.`, number);
        } else {
          this.replace.push(line);
        }
        return;
    }
  }

  private close(): SearchReplaceBlock {
    const block: SearchReplaceBlock = {
      search: this.search,
      replace: this.replace,
      line: this.blockLine,
      ...(this.blockPath ? { path: this.blockPath } : {}),
    };
    this.state = 'outside';
    this.search = [];
    this.replace = [];
    this.lastProse = undefined;
    return block;
  }

  private fail(message: string, line: number): never {
    this.failure = new SearchReplaceFormatError(message, line);
    throw this.failure;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

/** Parses a complete SEARCH/REPLACE text; raises SearchReplaceFormatError when it is malformed. */
export function parseSearchReplace(text: string): SearchReplaceBlock[] {
  const parser = new SearchReplaceParser();
  return [...parser.push(text), ...parser.end()];
}

/** Yields each block of a streamed answer as soon as it is complete. */
export async function* streamSearchReplace(chunks: AsyncIterable<string>): AsyncGenerator<SearchReplaceBlock> {
  const parser = new SearchReplaceParser();
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}

/** The file path a prose line names, for lines like `src/app.ts`, `**src/app.ts**` or `File: app.py`. */
function pathIn(line: string): string | undefined {
  const t = line
    .trim()
    .replace(/^(#+\s*|[-*]\s+)?(file(name)?|path)\s*:\s*/i, '')
    .replace(/^[`*_]+|[`*_:]+$/g, '')
    .trim();
  return PATH_LINE.test(t) ? t : undefined;
}
