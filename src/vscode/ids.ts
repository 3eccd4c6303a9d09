/**
 * Every id the extension shares with package.json and the workbench, in one place. A unit test checks
 * package.json against these lists.
 */

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'token-stream.token-stream';

/** The prefix of every setting (`tokenStream.model`...). */
export const SETTINGS_SECTION = 'tokenStream';

export const COMMANDS = {
  generate: 'tokenStream.generate',
  insertAtCursor: 'tokenStream.insertAtCursor',
  cancel: 'tokenStream.cancel',
  continue: 'tokenStream.continue',
  chatSend: 'tokenStream.chat.send',
  newChat: 'tokenStream.chat.newChat',
  showHistory: 'tokenStream.chat.showHistory',
  addSelectionToChat: 'tokenStream.addSelectionToChat',
  selectModel: 'tokenStream.selectModel',
  setApiKey: 'tokenStream.setApiKey',
  clearApiKey: 'tokenStream.clearApiKey',
  showLog: 'tokenStream.showLog',
  editSelection: 'tokenStream.editSelection',
  acceptEdits: 'tokenStream.acceptEdits',
  rejectEdits: 'tokenStream.rejectEdits',
  acceptHunk: 'tokenStream.acceptHunk',
  rejectHunk: 'tokenStream.rejectHunk',
  nextHunk: 'tokenStream.nextHunk',
  previousHunk: 'tokenStream.previousHunk',
  applyCodeBlock: 'tokenStream.applyCodeBlock',
} as const;

/** The chat's webview view (its container in the activity bar is `tokenStream`). */
export const CHAT_VIEW_ID = 'tokenStream.chatView';

/** True while any editor generation runs: shows Stop Generating in the command palette. */
export const GENERATING_CONTEXT_KEY = 'tokenStream.generating';

/**
 * True while the active editor's own document has a generation running: Escape stops it only then, so
 * Escape in another document never stops a generation the user is not looking at.
 */
export const ACTIVE_EDITOR_GENERATING_CONTEXT_KEY = 'tokenStream.activeEditorGenerating';

export const STATUS_BAR_ITEM_ID = 'tokenStream.status';

/** True while the active editor's document has Edit Selection hunks to review: enables their keybindings. */
export const EDITS_PENDING_CONTEXT_KEY = 'tokenStream.editsPending';

/** The status bar item that counts the hunks of the active editor's document. */
export const EDITS_STATUS_BAR_ITEM_ID = 'tokenStream.edits';

/** Theme colours of the inline diff (package.json `contributes.colors`). */
export const EDIT_COLORS = {
  removedLine: 'tokenStream.editRemovedLineBackground',
  addedLine: 'tokenStream.editAddedLineBackground',
  pendingLine: 'tokenStream.editPendingLineBackground',
} as const;
