import type { HostMessage } from '../shared/protocol';
import { el } from './element';

type ApplyResult = Extract<HostMessage, { type: 'applyResult' }>;

/**
 * The line under a code block that says how its Apply went: "Applying..." at the click, then
 * "Applied without a model in 12 ms: ...", "Applied by the model: ..." or why it was not applied.
 * Each click gets a request id; the host's `applyResult` names it. A block has one note, reused.
 */
export class ApplyNotes {
  private readonly waiting = new Map<string, { readonly block: HTMLElement; readonly button: HTMLButtonElement | undefined }>();
  private next = 0;

  constructor(private readonly document: Document) {}

  /** Marks `block` as being applied; returns the request id for the host. */
  start(block: HTMLElement, button?: HTMLButtonElement): string {
    const requestId = `apply-${Date.now().toString(36)}-${++this.next}`;
    this.waiting.set(requestId, { block, button });
    if (button) button.disabled = true;
    this.write(block, 'applying', 'Applying...');
    return requestId;
  }

  /** The host's answer; an unknown request id (a view re-created since the click) is ignored. */
  result(message: ApplyResult): void {
    const entry = this.waiting.get(message.requestId);
    if (!entry) return;
    this.waiting.delete(message.requestId);
    if (entry.button) entry.button.disabled = false;
    if (message.error !== undefined) this.write(entry.block, 'error', `Not applied: ${message.error}`);
    else this.write(entry.block, message.tier, noteText(message));
  }

  private write(block: HTMLElement, state: string, text: string): void {
    let note = block.querySelector<HTMLElement>(':scope > .apply-note');
    if (!note) {
      note = el(this.document, 'div', 'apply-note', { role: 'apply-note' });
      note.setAttribute('role', 'status');
      block.append(note);
    }
    note.dataset.state = state;
    note.textContent = text;
  }
}

/** What the note says after an Apply that did not fail. */
export function noteText(result: Pick<ApplyResult, 'tier' | 'hunks' | 'file' | 'elapsedMs'>): string {
  const where = result.file ? ` in ${result.file}` : '';
  const changes = `${result.hunks} ${result.hunks === 1 ? 'change' : 'changes'} to review${where}`;
  if (result.tier === 'model') return result.hunks === 0 ? `The model found nothing to change${where}.` : `Applied by the model: ${changes}.`;
  if (result.hunks === 0) return `Nothing to change: the file${where ? ` ${result.file}` : ''} already has this code.`;
  const ms = result.elapsedMs === undefined ? '' : ` in ${Math.max(1, Math.round(result.elapsedMs))} ms`;
  return `Applied without a model${ms}: ${changes}.`;
}
