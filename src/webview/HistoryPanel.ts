import type { ConversationSummary } from '../shared/protocol';
import { actionButton, el } from './element';

/** What the history panel asks of the view. */
export interface HistoryEvents {
  open(id: string): void;
  delete(id: string): void;
  close(): void;
}

/** The list of past conversations, over the chat: open one, delete one, or go back. */
export class HistoryPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private history: readonly ConversationSummary[] = [];

  constructor(
    private readonly document: Document,
    private readonly events: HistoryEvents,
  ) {
    this.element = el(document, 'section', 'history', { role: 'history' });
    this.element.hidden = true;
    const header = el(document, 'div', 'history-header');
    const back = actionButton(document, 'Back to Chat', 'close-history', 'history-close');
    back.className = 'link-button';
    header.append(el(document, 'h2', 'history-title', { text: 'History' }), back);
    this.list = el(document, 'ul', 'history-list', { role: 'history-list' });
    this.element.append(header, this.list);
  }

  /** Listens to the user. */
  attach(): void {
    this.element.addEventListener('click', (e) => this.onClick(e));
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  get conversations(): readonly ConversationSummary[] {
    return this.history;
  }

  set conversations(history: readonly ConversationSummary[]) {
    this.history = history;
  }

  setVisible(visible: boolean): void {
    this.element.hidden = !visible;
  }

  /** Renders the list, marking the conversation on screen. */
  render(currentId: string | undefined): void {
    const d = this.document;
    const items = this.history.map((h) => {
      const li = el(d, 'li', 'history-item');
      if (h.id === currentId) li.classList.add('current');
      const open = actionButton(d, '', 'open-conversation', 'history-item', h.id);
      open.classList.add('history-open');
      open.append(
        el(d, 'span', 'history-item-title', { text: h.title || 'Untitled' }),
        el(d, 'span', 'history-item-date', { text: formatDate(h.updatedAt) }),
      );
      const del = actionButton(d, '×', 'delete-conversation', 'history-delete', h.id);
      del.classList.add('history-delete');
      del.title = 'Delete';
      del.setAttribute('aria-label', `Delete ${h.title}`);
      li.append(open, del);
      return li;
    });
    if (items.length === 0) items.push(el(d, 'li', 'history-empty', { text: 'No conversations yet.' }));
    this.list.replaceChildren(...items);
  }

  private onClick(e: Event): void {
    const button = (e.target as Element | null)?.closest<HTMLElement>('[data-action]');
    const id = button?.dataset.id ?? '';
    switch (button?.dataset.action) {
      case 'open-conversation':
        this.events.open(id);
        break;
      case 'delete-conversation':
        this.events.delete(id);
        break;
      case 'close-history':
        this.events.close();
        break;
    }
  }
}

function formatDate(epochMs: number): string {
  const date = new Date(epochMs);
  const now = new Date();
  if (date.toDateString() === now.toDateString()) {
    return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}
