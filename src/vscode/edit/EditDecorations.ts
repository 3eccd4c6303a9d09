import * as vscode from 'vscode';
import type { EditHunk, LineRange } from '../../core/edit/EditSession';
import { EDIT_COLORS } from '../ids';
import type { LiveEdit, LiveEdits } from './LiveEdits';

/**
 * The inline diff of every live edit, in every visible editor of its document: removed lines red with a
 * strikethrough, new lines green, pending lines (not decided yet) a lighter green, each marked in the
 * overview ruler. Colours are theme colours (package.json `contributes.colors`, defaulting to the diff
 * editor's). Drawn as each edit is sent (right behind it), again when a live edit changed, and when an
 * editor of its document becomes visible.
 */
export class EditDecorations implements vscode.Disposable {
  private readonly removed = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor(EDIT_COLORS.removedLine),
    textDecoration: 'line-through',
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly added = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor(EDIT_COLORS.addedLine),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly pending = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor(EDIT_COLORS.pendingLine),
  });
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly edits: LiveEdits) {
    this.subscriptions = [
      edits.onDidChange((document) => this.draw(document)),
      // Sent right behind the edit, so the workbench draws the new lines with their colour at once.
      edits.onWillLand(({ document, view }) => {
        for (const editor of vscode.window.visibleTextEditors) {
          if (editor.document === document) this.drawLines(editor, view.hunks, view.pending);
        }
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) this.drawIn(editor, this.edits.get(editor.document.uri));
      }),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.removed.dispose();
    this.added.dispose();
    this.pending.dispose();
  }

  private draw(document: vscode.TextDocument): void {
    const live = this.edits.get(document.uri);
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document === document) this.drawIn(editor, live);
    }
  }

  private drawIn(editor: vscode.TextEditor, live: LiveEdit | undefined): void {
    this.drawLines(editor, live?.hunks ?? [], live?.session.pendingRange);
  }

  /**
   * Always sent, also when the lines look the same as last time: the workbench moves decorations with
   * every edit, so what it shows after an edit may differ from what was sent before it.
   */
  private drawLines(editor: vscode.TextEditor, hunks: readonly EditHunk[], pending: LineRange | undefined): void {
    editor.setDecorations(this.removed, hunks.flatMap((hunk) => lines(hunk.removed)));
    editor.setDecorations(this.added, hunks.flatMap((hunk) => lines(hunk.added)));
    editor.setDecorations(this.pending, pending ? lines(pending) : []);
  }
}

/** A whole-line decoration range for [startLine, endLine), none when empty. */
function lines(range: LineRange): vscode.Range[] {
  if (range.endLine <= range.startLine) return [];
  return [new vscode.Range(range.startLine, 0, range.endLine - 1, 0)];
}
