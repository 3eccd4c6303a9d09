import { promptTooLong } from '../shared/limits';
import type { ContextChip } from '../shared/protocol';
import { chipList } from './contextChips';
import { el } from './element';

/** What the composer asks of the view. */
export interface ComposerEvents {
  send(text: string, context: readonly ContextChip[]): void;
  stop(): void;
  removeContext(id: string): void;
  draftChanged(): void;
}

/**
 * Where the user writes: the context chips, the input (Enter sends, Shift+Enter is a new line, Escape
 * stops) and the Send button, which is Stop while an answer streams. A question too long to send is
 * refused here, with a notice, before the draft is cleared or anything is sent.
 */
export class Composer {
  readonly element: HTMLElement;
  private readonly chips: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly button: HTMLButtonElement;
  private readonly notice: HTMLElement;
  private chipsShown: readonly ContextChip[] = [];
  private streaming = false;

  constructor(
    private readonly document: Document,
    private readonly events: ComposerEvents,
  ) {
    this.element = el(document, 'div', 'composer', { role: 'composer' });
    this.chips = el(document, 'div', 'chips', { role: 'context-chips' });
    const row = el(document, 'div', 'input-row');
    this.input = el(document, 'textarea', 'input', { role: 'input' });
    this.input.rows = 1;
    this.input.placeholder = 'Ask about your code (Enter to send, Shift+Enter for a new line)';
    this.input.setAttribute('aria-label', 'Message');
    this.button = el(document, 'button', 'send', { role: 'send' });
    this.button.type = 'button';
    row.append(this.input, this.button);
    this.notice = el(document, 'div', 'composer-notice', { role: 'composer-notice' });
    this.notice.setAttribute('role', 'alert');
    this.notice.hidden = true;
    this.element.append(this.chips, row, this.notice);
    this.setStreaming(false);
  }

  /** Listens to the user. */
  attach(): void {
    this.input.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.input.addEventListener('input', () => {
      this.autosize();
      this.showNotice(undefined);
      this.events.draftChanged();
    });
    this.element.addEventListener('click', (e) => this.onClick(e));
  }

  get draft(): string {
    return this.input.value;
  }

  set draft(text: string) {
    this.input.value = text;
    this.autosize();
  }

  get context(): readonly ContextChip[] {
    return this.chipsShown;
  }

  setContext(context: readonly ContextChip[]): void {
    this.chipsShown = context;
    this.chips.replaceChildren(...(context.length ? [chipList(this.document, context, true)] : []));
    this.chips.hidden = context.length === 0;
  }

  /** Send becomes Stop while an answer streams. */
  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    this.button.dataset.role = streaming ? 'stop' : 'send';
    this.button.dataset.action = streaming ? 'stop' : 'send';
    this.button.textContent = streaming ? 'Stop' : 'Send';
    this.button.title = streaming ? 'Stop (Escape)' : 'Send (Enter)';
    this.button.classList.toggle('stop', streaming);
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.send();
    } else if (e.key === 'Escape' && this.streaming) {
      e.preventDefault();
      this.events.stop();
    }
  }

  private onClick(e: Event): void {
    const button = (e.target as Element | null)?.closest<HTMLElement>('[data-action]');
    switch (button?.dataset.action) {
      case 'send':
        this.send();
        break;
      case 'stop':
        this.events.stop();
        break;
      case 'remove-context': {
        const id = button.dataset.id ?? '';
        this.setContext(this.chipsShown.filter((c) => c.id !== id));
        this.events.removeContext(id);
        break;
      }
    }
  }

  private send(): void {
    const text = this.input.value.trim();
    if (!text || this.streaming) return;
    const tooLong = promptTooLong(text.length);
    if (tooLong) {
      this.showNotice(tooLong);
      return;
    }
    const context = this.chipsShown;
    this.draft = '';
    this.events.send(text, context);
  }

  private showNotice(text: string | undefined): void {
    this.notice.textContent = text ?? '';
    this.notice.hidden = text === undefined;
  }

  private autosize(): void {
    // rows, not style.height: keeps the textarea growing without inline styles.
    const lines = this.input.value.split('\n').length;
    this.input.rows = Math.min(Math.max(lines, 1), 10);
  }
}
