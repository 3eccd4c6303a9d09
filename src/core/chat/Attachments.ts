import { formatCount, MAX_ATTACHMENT_CHARS, MAX_ATTACHMENTS } from '../../shared/limits';
import type { ContextChip } from '../../shared/protocol';

/** An attached piece of editor context: the chip the view shows plus the text sent with the question. */
export interface ContextItem extends ContextChip {
  readonly content: string;
}

/**
 * The editor context attached to the next question, bounded in size and number. The same text of the
 * same place attached again replaces the earlier one rather than being sent twice.
 */
export class Attachments {
  private items: ContextItem[] = [];

  /** What the view shows. */
  get chips(): ContextChip[] {
    return this.items.map(chipOf);
  }

  /** Attaches `item`; returns why it was refused (too large, too many), or undefined when it is attached. */
  add(item: ContextItem): string | undefined {
    if (item.content.length > MAX_ATTACHMENT_CHARS) {
      return `${item.label} is ${formatCount(item.content.length)} characters; the chat attaches at most ${formatCount(MAX_ATTACHMENT_CHARS)}. Select a smaller part.`;
    }
    const others = this.items.filter((c) => c.id !== item.id && !(c.description === item.description && c.content === item.content));
    if (others.length >= MAX_ATTACHMENTS) {
      return `A question takes at most ${MAX_ATTACHMENTS} attachments: remove one from the chat first.`;
    }
    this.items = [...others, item];
    return undefined;
  }

  remove(id: string): void {
    this.items = this.items.filter((c) => c.id !== id);
  }

  /** The attachments, for the question being sent: none are left attached. */
  take(): ContextItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }
}

export function chipOf(item: ContextItem): ContextChip {
  const { content: _content, ...chip } = item;
  return chip;
}

/** The question as sent: each attached context in a fence long enough for any backticks it contains. */
export function promptWithContext(question: string, context: readonly ContextItem[]): string {
  const parts = context.map((item) => {
    const longestRun = Math.max(0, ...(item.content.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(Math.max(3, longestRun + 1));
    const where = item.description ?? item.label;
    return `Context from ${where}${item.language ? ` (${item.language})` : ''}:\n${fence}${item.language ?? ''}\n${item.content}\n${fence}`;
  });
  return [...parts, question].join('\n\n');
}
