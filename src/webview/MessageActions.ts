import { isOpenableLink, type ErrorAction, type WebviewMessage } from '../shared/protocol';
import type { ApplyNotes } from './ApplyNotes';
import { languageOf } from './markdown';
import type { ViewScheduler } from './scheduler';

/** How long a Copy button says "Copied". */
const COPIED_MS = 1500;

/**
 * Clicks inside the messages, by delegation: links (opened by the host, http(s) and mailto only), the
 * code blocks' Apply / Insert / Copy / Open, an answer's Continue, Retry and error action, and opening or folding a
 * Thinking block.
 *
 * Apply starts when the primary mouse button goes down on it, not at the click: a hand holds the button
 * down for about a tenth of a second, which the diff would otherwise wait for, and Apply only shows a
 * change for review (Reject All gives the file back), so a press dragged away costs nothing. The click of
 * that same press is then ignored; the keyboard, touch and pens still apply at the click.
 */
export class MessageActions {
  /** The Apply button a mouse press already applied; its click (the same press) is not a second Apply. */
  private pressed: HTMLElement | undefined;

  constructor(
    private readonly window: Window,
    private readonly scheduler: ViewScheduler,
    private readonly post: (message: WebviewMessage) => void,
    private readonly toggleReasoning: (id: string) => void,
    private readonly applyNotes: ApplyNotes,
  ) {}

  /** Listens to clicks in `element` (the messages' scroller). */
  attach(element: HTMLElement): void {
    element.addEventListener('pointerdown', (e) => this.onPointerDown(e as PointerEvent));
    element.addEventListener('click', (e) => this.onClick(e));
  }

  private onPointerDown(e: PointerEvent): void {
    this.pressed = undefined;
    if (e.pointerType !== 'mouse' || e.button !== 0 || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
    const button = (e.target as Element | null)?.closest<HTMLElement>('[data-action="apply"]');
    if (!button || (button as HTMLButtonElement).disabled) return;
    this.pressed = button;
    this.codeAction(button, 'apply');
  }

  private onClick(e: Event): void {
    const target = e.target as Element | null;
    if (!target) return;
    const link = target.closest('a');
    if (link) {
      e.preventDefault();
      const href = link.getAttribute('href');
      if (href && isOpenableLink(href)) this.post({ type: 'openLink', href });
      return;
    }
    const button = target.closest<HTMLElement>('[data-action]');
    if (!button) return;
    const id = button.dataset.id ?? '';
    switch (button.dataset.action) {
      case 'retry':
        this.post({ type: 'retry', id });
        break;
      case 'continue':
        // Where the benchmark's "Continue click -> first continued character" starts.
        this.window.performance?.mark?.(`token-stream:continue:${id}`);
        this.post({ type: 'continue', id });
        break;
      case 'error-action':
        this.post({ type: 'errorAction', id, action: button.dataset.errorAction as ErrorAction });
        break;
      case 'toggle-reasoning':
        this.toggleReasoning(id);
        break;
      case 'apply': {
        // The press that went down on it applied it already (a keyboard's click has detail 0).
        const pressed = this.pressed === button && (e as MouseEvent).detail > 0;
        this.pressed = undefined;
        if (!pressed) this.codeAction(button, 'apply');
        break;
      }
      case 'insert':
      case 'copy':
      case 'open':
        this.codeAction(button, button.dataset.action);
        break;
    }
  }

  private codeAction(button: HTMLElement, action: 'apply' | 'insert' | 'copy' | 'open'): void {
    const block = button.closest<HTMLElement>('.code-block');
    const code = block?.querySelector('pre > code');
    if (!block || !code) return;
    const text = code.textContent ?? '';
    const language = languageOf(code);
    if (action === 'apply') {
      const messageId = block.closest<HTMLElement>('[data-message-role="assistant"]')?.dataset.id;
      const requestId = this.applyNotes.start(block, button.tagName === 'BUTTON' ? (button as HTMLButtonElement) : undefined);
      this.post({ type: 'applyCode', requestId, code: text, ...(language ? { language } : {}), ...(messageId ? { messageId } : {}) });
    } else if (action === 'insert') this.post({ type: 'insertCode', code: text, language });
    else if (action === 'open') this.post({ type: 'openInEditor', code: text, language });
    else void this.copy(text, button);
  }

  private async copy(text: string, button: HTMLElement): Promise<void> {
    try {
      await this.window.navigator.clipboard.writeText(text);
    } catch {
      this.post({ type: 'copyCode', code: text });
    }
    button.textContent = 'Copied';
    this.scheduler.schedule(() => (button.textContent = 'Copy'), COPIED_MS);
  }
}
