import type { ChatMessage, ErrorAction } from '../shared/protocol';
import { actionButton, el } from './element';

const ERROR_ACTION_LABELS: Record<Exclude<ErrorAction, 'retry'>, string> = {
  setApiKey: 'Set API Key',
  selectModel: 'Select Model',
  showLog: 'Show Log',
  openSettings: 'Open Settings',
};

/**
 * What goes under an answer once it has ended, in order: the error box (the message, Continue when the
 * broken stream left an answer to finish, Retry and the action that fixes it), or the cut box of an answer
 * that stopped at the token limit (with Continue); then the footer line (Stopped, Continued, time to first
 * token, tokens, tokens/s). Nothing while it streams, nothing under a question. The one place a new
 * end-of-answer control belongs.
 */
export function renderMessageFooter(document: Document, message: ChatMessage): HTMLElement[] {
  if (message.role !== 'assistant' || message.status === 'streaming') return [];
  const parts: HTMLElement[] = [];
  if (message.status === 'error') parts.push(errorBox(document, message));
  else if (message.status === 'done' && message.continuable) parts.push(cutBox(document, message));
  const line = footerLine(document, message);
  if (line) parts.push(line);
  return parts;
}

function errorBox(document: Document, message: ChatMessage): HTMLElement {
  const box = el(document, 'div', 'message-error', { role: 'message-error' });
  box.setAttribute('role', 'alert');
  box.append(el(document, 'span', 'message-error-text', { text: message.error ?? 'The request failed.' }));
  if (message.continuable) box.append(continueButton(document, message));
  box.append(actionButton(document, 'Retry', 'retry', 'retry', message.id));
  if (message.errorAction && message.errorAction !== 'retry') {
    const action = actionButton(document, ERROR_ACTION_LABELS[message.errorAction], 'error-action', 'error-action', message.id);
    action.dataset.errorAction = message.errorAction;
    box.append(action);
  }
  return box;
}

/** An answer that stopped at the token limit: says so, and offers to finish it in place. */
function cutBox(document: Document, message: ChatMessage): HTMLElement {
  const box = el(document, 'div', 'message-cut', { role: 'message-cut' });
  box.append(el(document, 'span', 'message-cut-text', { text: 'The answer stopped at the token limit.' }), continueButton(document, message));
  return box;
}

function continueButton(document: Document, message: ChatMessage): HTMLButtonElement {
  const button = actionButton(document, 'Continue', 'continue', 'continue', message.id);
  button.title = 'Continue the answer where it stopped, in this message';
  return button;
}

/** "Stopped · Continued · 250 ms to first token · ~5 tokens · 7.5 tokens/s (estimated)", or nothing to say. */
function footerLine(document: Document, message: ChatMessage): HTMLElement | undefined {
  const items: HTMLElement[] = [];
  if (message.status === 'stopped') items.push(el(document, 'span', 'badge badge-stopped', { role: 'stopped', text: 'Stopped' }));
  if (message.continued) {
    const text = message.continued === 1 ? 'Continued' : `Continued ×${message.continued}`;
    const continued = el(document, 'span', 'badge badge-continued', { role: 'continued', text });
    continued.title = 'The answer was cut off and continued in place; the numbers add up every part.';
    items.push(continued);
  }
  const m = message.metrics;
  if (m) {
    const approx = m.estimated ? '~' : '';
    const texts: string[] = [];
    if (m.timeToFirstTokenMs !== undefined) texts.push(`${formatSeconds(m.timeToFirstTokenMs)} to first token`);
    if (m.completionTokens > 0) texts.push(`${approx}${m.completionTokens} tokens`);
    if (m.tokensPerSecond !== undefined && m.tokensPerSecond > 0) texts.push(`${approx}${m.tokensPerSecond.toFixed(1)} tokens/s`);
    for (const text of texts) items.push(el(document, 'span', '', { text }));
  }
  if (items.length === 0) return undefined;
  const footer = el(document, 'div', 'message-footer', { role: 'message-footer' });
  for (const [i, item] of items.entries()) {
    if (i > 0) footer.append(document.createTextNode(' · '));
    footer.append(item);
  }
  if (m?.estimated) {
    const estimated = el(document, 'span', 'estimated', { role: 'estimated', text: ' (estimated)' });
    estimated.title = 'Counted locally: the server reported no usage';
    footer.append(estimated);
  }
  return footer;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
