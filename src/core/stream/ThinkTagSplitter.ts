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
 */

const OPENING_TAGS = ['<think>', '<thinking>'] as const;
/** The longest text that can still become an opening tag after the blanks. */
const LONGEST_OPENING = Math.max(...OPENING_TAGS.map((tag) => tag.length));

/**
 * start: nothing but blanks so far, the answer may still open with a tag; afterReasoning: right after the
 * closing tag, where newlines are dropped; answer: everything is answer text from here on.
 */
type Mode = 'start' | 'reasoning' | 'afterReasoning' | 'answer';

export class ThinkTagSplitter {
  /** Answer text of the last push() or end(). */
  answer = '';
  /** Reasoning text of the last push() or end(). */
  reasoning = '';
  private mode: Mode = 'start';
  private held = '';
  private closingTag = '';

  push(text: string): void {
    if (this.mode === 'answer') {
      this.answer = text;
      this.reasoning = '';
      return;
    }
    this.answer = '';
    this.reasoning = '';
    this.consume(this.held + text);
  }

  end(): void {
    this.answer = '';
    this.reasoning = '';
    const held = this.held;
    this.held = '';
    if (this.mode === 'start') this.answer = held;
    else if (this.mode === 'reasoning') this.reasoning = held;
    this.mode = 'answer';
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
        this.answer += input;
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
    this.mode = 'answer';
    this.answer += input;
  }

  private inReasoning(input: string): void {
    const lower = input.toLowerCase();
    const close = lower.indexOf(this.closingTag);
    if (close >= 0) {
      this.reasoning += input.slice(0, close);
      this.mode = 'afterReasoning';
      this.consume(input.slice(close + this.closingTag.length));
      return;
    }
    // Hold the longest end of the input that could still become the closing tag.
    const keep = partialSuffix(lower, this.closingTag);
    this.reasoning += input.slice(0, input.length - keep);
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
