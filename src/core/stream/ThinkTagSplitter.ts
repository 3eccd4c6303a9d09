/**
 * Streaming separation of inline reasoning from the answer, for servers without a reasoning parser
 * (LM Studio, llama.cpp) that send a reasoning model's thinking as `<think>...</think>` (or
 * `<thinking>...</thinking>`) at the start of the content.
 *
 * Rules (push(text) / end() set `answer` and `reasoning` to what may be passed on now):
 * - The tag counts only at the start of the answer: as its first non-blank output. Whitespace before it
 *   is dropped with it. A `<think>` later in the answer (code that contains one) is answer text.
 * - Tags are found when split at any character across chunks: before the first non-blank character only
 *   blanks and what could still become an opening tag are held back; inside the reasoning only what could
 *   still become the closing tag. Nothing else is held.
 * - The newlines right after the closing tag separate it from the answer and are dropped.
 * - An unclosed reasoning block at the end of the stream is reasoning: the answer is empty.
 * - Tag names are matched without regard to case; the closing tag must match the opening one.
 *
 * Templates that open the block themselves (DeepSeek-R1, QwQ, Qwen3 Thinking end their prompt with
 * `<think>`) make the model send its reasoning with no opening tag, then a lone `</think>`:
 * - `{ opened: true }` (the caller knows this model does that) starts inside the reasoning: everything
 *   before `</think>` is reasoning, never answer. An explicit opening tag at the start is still taken as
 *   one. If the server turns out to send the reasoning apart (`serverReasons()` before any text), the
 *   text is the answer. If the stream ends without `</think>`, `end(true)` gives all of it as the answer
 *   (the model did not think: `answeredWithoutClosing`), `end(false)` keeps it as reasoning (a cut).
 * - Without it, a lone `</think>` or `</thinking>` at the start of a line of an answer that opened with
 *   no tag and has no code fence before it is dropped with the newlines after it, and
 *   `loneClosingTag` says so (the caller remembers it for this model: the text before it already went out
 *   as answer). Later, or inside code, such a tag is answer text.
 */

const OPENING_TAGS = ['<think>', '<thinking>'] as const;
const CLOSING_TAGS = ['</think>', '</thinking>'] as const;

/** The longest text that can still become an opening tag after the blanks. */
const LONGEST_OPENING = Math.max(...OPENING_TAGS.map((tag) => tag.length));

/**
 * Models whose published chat template ends the prompt with `<think>`, so that their raw output has no
 * opening tag: DeepSeek-R1 and its distills, QwQ, Qwen3's Thinking models. Served with a reasoning parser
 * (the reasoning comes apart, `serverReasons()`), this changes nothing.
 */
export function templateOpensReasoning(model: string): boolean {
  return /deepseek[-_ ]?r1|r1[-_ ]distill|\bqwq\b|qwen3[^/]*thinking/i.test(model);
}

/**
 * start: nothing but blanks so far, the answer may still open with a tag; afterReasoning: right after the
 * closing tag, where newlines are dropped; answer: everything is answer text from here on.
 */
type Mode = 'start' | 'reasoning' | 'afterReasoning' | 'answer';

export interface ThinkTagOptions {
  /** The prompt's template opened the reasoning block: the stream starts inside it (see the class comment). */
  readonly opened?: boolean;
}

export class ThinkTagSplitter {
  /** Answer text of the last push() or end(). */
  answer = '';
  /** Reasoning text of the last push() or end(). */
  reasoning = '';
  /** A lone closing tag ended reasoning that had gone out as answer (see the class comment). */
  loneClosingTag = false;
  /** `opened`, but the stream ended with no closing tag and end(true) gave its text as the answer. */
  answeredWithoutClosing = false;
  private mode: Mode = 'start';
  private held = '';
  private closingTag = '';
  private opened: boolean;
  /** Reasoning that started with no tag (`opened`), kept in case it turns out to be the answer. */
  private implicit: string | undefined;
  /** Watching the answer for a lone closing tag: until a code fence, a line's start, or the tag itself. */
  private watching = false;
  /** The last characters of the answer passed on, for a fence split across pieces. */
  private tail = '';
  /** The next character of the answer (the first held one, if any) starts a line. */
  private lineStart = true;

  constructor(options: ThinkTagOptions = {}) {
    this.opened = options.opened ?? false;
  }

  /** Learned before any text came (the server named the model): the stream starts inside the reasoning. */
  open(): void {
    if (this.mode === 'start') this.opened = true;
  }

  /** The server sends reasoning apart from the text: the text is the answer, whatever `opened` said. */
  serverReasons(): void {
    if (this.mode === 'start') this.opened = false;
  }

  push(text: string): void {
    this.answer = '';
    this.reasoning = '';
    if (this.mode === 'answer' && !this.watching) {
      this.answer = text;
      return;
    }
    this.consume(this.held + text);
  }

  /** `unclosedIsAnswer`: with `opened`, whether reasoning that never closed was the answer (a clean stop). */
  end(unclosedIsAnswer = false): void {
    this.answer = '';
    this.reasoning = '';
    const held = this.held;
    this.held = '';
    if (this.mode === 'start') this.answer = held;
    else if (this.mode === 'reasoning' && this.implicit !== undefined && unclosedIsAnswer) {
      this.answer = this.implicit + held;
      this.answeredWithoutClosing = true;
    } else if (this.mode === 'reasoning') this.reasoning = held;
    else if (this.mode === 'answer') this.answer = held;
    this.mode = 'answer';
    this.watching = false;
  }

  private consume(input: string): void {
    this.held = '';
    switch (this.mode) {
      case 'start':
        this.start(input);
        return;
      case 'reasoning':
        this.inReasoning(input);
        return;
      case 'afterReasoning':
        this.afterReasoning(input);
        return;
      case 'answer':
        this.watch(input);
    }
  }

  private start(input: string): void {
    let first = 0;
    while (first < input.length && isBlank(input.charCodeAt(first))) first++;
    if (first === input.length) {
      this.held = input;
      return;
    }
    const candidate = input.slice(first, first + LONGEST_OPENING).toLowerCase();
    const tag = OPENING_TAGS.find((t) => candidate.startsWith(t));
    if (tag) {
      this.mode = 'reasoning';
      this.closingTag = `</${tag.slice(1)}`;
      this.consume(input.slice(first + tag.length));
      return;
    }
    if (first + candidate.length === input.length && OPENING_TAGS.some((t) => t.startsWith(candidate))) {
      this.held = input;
      return;
    }
    if (this.opened) {
      this.mode = 'reasoning';
      this.closingTag = CLOSING_TAGS[0];
      // Kept whole (its leading blanks too) in case it turns out to be the answer.
      this.implicit = input.slice(0, first);
      this.inReasoning(input.slice(first));
      return;
    }
    this.mode = 'answer';
    this.watching = true;
    this.lineStart = true;
    this.watch(input);
  }

  /**
   * Answer text while watching for a lone closing tag: passed on at once except the end of a line that
   * could still become the tag; stops at the first code fence or at the tag (dropped, with the newlines
   * after). `input` starts with what was held back.
   */
  private watch(input: string): void {
    if (!this.watching) {
      this.answer += input;
      return;
    }
    const lower = input.toLowerCase();
    // A fence split across pieces: the last characters that went out are searched with the input.
    const fenceAt = (this.tail + lower).indexOf('```');
    const fence = fenceAt < 0 ? -1 : fenceAt - this.tail.length;
    let at = -1;
    let tag = '';
    for (const closing of CLOSING_TAGS) {
      let found = this.lineStart && lower.startsWith(closing) ? 0 : -1;
      if (found < 0) {
        const after = lower.indexOf(`\n${closing}`);
        found = after < 0 ? -1 : after + 1;
      }
      if (found >= 0 && (at < 0 || found < at)) {
        at = found;
        tag = closing;
      }
    }
    if (at >= 0 && (fenceAt < 0 || at < fence)) {
      this.answer += input.slice(0, at);
      this.watching = false;
      this.loneClosingTag = true;
      this.mode = 'afterReasoning';
      this.consume(input.slice(at + tag.length));
      return;
    }
    if (fenceAt >= 0) {
      this.watching = false;
      this.answer += input;
      return;
    }
    // Hold the end of the last line when it could still become a closing tag.
    const newline = lower.lastIndexOf('\n');
    const lineStart = newline >= 0 || this.lineStart;
    const rest = lower.slice(newline + 1);
    const hold = lineStart && rest !== '' && CLOSING_TAGS.some((t) => t.length > rest.length && t.startsWith(rest)) ? rest.length : 0;
    const out = input.slice(0, input.length - hold);
    this.answer += out;
    this.held = input.slice(input.length - hold);
    if (out !== '') {
      this.lineStart = hold > 0 || out.endsWith('\n');
      this.tail = (this.tail + out.toLowerCase()).slice(-2);
    }
  }

  private inReasoning(input: string): void {
    const lower = input.toLowerCase();
    const close = lower.indexOf(this.closingTag);
    if (close >= 0) {
      this.reasoning += input.slice(0, close);
      this.implicit = undefined;
      this.mode = 'afterReasoning';
      this.consume(input.slice(close + this.closingTag.length));
      return;
    }
    // Hold the longest end of the input that could still become the closing tag.
    const keep = partialSuffix(lower, this.closingTag);
    const out = input.slice(0, input.length - keep);
    this.reasoning += out;
    if (this.implicit !== undefined) this.implicit += out;
    this.held = input.slice(input.length - keep);
  }

  private afterReasoning(input: string): void {
    let first = 0;
    while (first < input.length && (input[first] === '\n' || input[first] === '\r')) first++;
    if (first === input.length) return;
    this.mode = 'answer';
    this.answer += input.slice(first);
  }
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}
