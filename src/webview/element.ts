/** What `el` sets besides the class: the `data-role` tests and styles find the element by, and its text. */
export interface ElementParts {
  readonly role?: string;
  readonly text?: string;
}

/** One element with its class, `data-role` and text: the chat's DOM is built by hand from these. */
export function el<K extends keyof HTMLElementTagNameMap>(
  document: Document,
  tag: K,
  className: string,
  { role, text }: ElementParts = {},
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (role) element.dataset.role = role;
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * A button handled by delegation: `data-action` says what it does, `data-id` which message, chip or
 * conversation it is about.
 */
export function actionButton(document: Document, label: string, action: string, role: string, id?: string): HTMLButtonElement {
  const button = el(document, 'button', '', { role, text: label });
  button.type = 'button';
  button.dataset.action = action;
  if (id !== undefined) button.dataset.id = id;
  return button;
}
