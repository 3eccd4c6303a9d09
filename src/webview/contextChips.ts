import type { ContextChip } from '../shared/protocol';
import { actionButton, el } from './element';

/** Chips of attached context: the composer's (removable) and the ones a question was sent with. */
export function chipList(document: Document, chips: readonly ContextChip[], removable: boolean): HTMLElement {
  const list = el(document, 'div', 'chip-list');
  for (const chip of chips) {
    const item = el(document, 'span', 'chip', { role: 'context-chip' });
    item.dataset.id = chip.id;
    if (chip.description) item.title = chip.description;
    item.append(el(document, 'span', 'chip-label', { text: chip.label }));
    if (chip.language) item.append(el(document, 'span', 'chip-language', { text: chip.language }));
    if (removable) {
      const remove = actionButton(document, '×', 'remove-context', 'context-remove', chip.id);
      remove.classList.add('chip-remove');
      remove.title = `Remove ${chip.label}`;
      remove.setAttribute('aria-label', `Remove ${chip.label}`);
      item.append(remove);
    }
    list.append(item);
  }
  return list;
}
