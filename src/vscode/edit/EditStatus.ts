import * as vscode from 'vscode';
import { COMMANDS, EDITS_PENDING_CONTEXT_KEY, EDITS_STATUS_BAR_ITEM_ID } from '../ids';
import type { LiveEdits } from './LiveEdits';

/**
 * What the active editor's document has to review: the `tokenStream.editsPending` context key (it enables
 * the review keybindings) and a status bar item with the count (a click goes to the next change).
 */
export class EditStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(EDITS_STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Right, 101);
  private readonly subscriptions: vscode.Disposable[];
  private pending: boolean | undefined;

  constructor(private readonly edits: LiveEdits) {
    this.item.name = 'Token Stream: Changes to Review';
    this.item.command = COMMANDS.nextHunk;
    this.subscriptions = [
      edits.onDidChange((document) => {
        if (vscode.window.activeTextEditor?.document === document) this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    ];
    this.update();
  }

  /** What the item shows now, '' when hidden (read by the integration tests through the extension's exports). */
  get text(): string {
    return this.pending ? this.item.text : '';
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
    void vscode.commands.executeCommand('setContext', EDITS_PENDING_CONTEXT_KEY, false);
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const count = document ? (this.edits.get(document.uri)?.hunks.length ?? 0) : 0;
    const pending = count > 0;
    if (pending !== this.pending) {
      this.pending = pending;
      void vscode.commands.executeCommand('setContext', EDITS_PENDING_CONTEXT_KEY, pending);
    }
    if (!pending) {
      this.item.hide();
      return;
    }
    this.item.text = `$(diff) ${count} ${count === 1 ? 'change' : 'changes'} to review`;
    this.item.tooltip = 'Token Stream: Edit Selection. Click for the next change; Accept All / Reject All from the Command Palette or the keys.';
    this.item.show();
  }
}
