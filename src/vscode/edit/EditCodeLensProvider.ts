import * as vscode from 'vscode';
import type { EditHunk } from '../../core/edit/EditSession';
import { COMMANDS } from '../ids';
import type { LiveEdits } from './LiveEdits';

/** What the hunk commands take: `index` among the pending hunks; `key` (CodeLens only) pins the hunk. */
export interface HunkArgs {
  readonly uri: string;
  readonly index: number;
  /**
   * The hunk the lens was drawn for. A click on a lens drawn before another hunk was resolved would
   * otherwise act on whichever hunk has that index now.
   */
  readonly key?: string;
}

/** A hunk's identity for as long as it is pending (its place in the original and in the answer). */
export function hunkKey(hunk: EditHunk): string {
  return `${hunk.source.originalStart}:${hunk.source.answerStart}`;
}

/**
 * "Accept", "Reject" and the hunk's "+added −removed" line counts above each pending hunk. Lenses are
 * asked for again only when the hunks themselves changed (count or first lines), not for every streamed
 * pending line.
 */
export class EditCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly shapes = new Map<string, string>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly edits: LiveEdits) {
    this.subscription = edits.onDidChange((document) => {
      const key = document.uri.toString();
      const shape = (edits.get(key)?.hunks ?? []).map((hunk) => `${hunkKey(hunk)}@${firstLine(hunk)}`).join(',');
      if ((this.shapes.get(key) ?? '') === shape) return;
      if (shape) this.shapes.set(key, shape);
      else this.shapes.delete(key);
      this.changed.fire();
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const live = this.edits.get(document.uri);
    if (!live) return [];
    const uri = document.uri.toString();
    return live.hunks.flatMap((hunk) => {
      const range = new vscode.Range(firstLine(hunk), 0, firstLine(hunk), 0);
      const args: HunkArgs = { uri, index: hunk.index, key: hunkKey(hunk) };
      const added = hunk.added.endLine - hunk.added.startLine;
      const removed = hunk.removed.endLine - hunk.removed.startLine;
      return [
        new vscode.CodeLens(range, { title: 'Accept', command: COMMANDS.acceptHunk, arguments: [args], tooltip: 'Keep the new lines of this change' }),
        new vscode.CodeLens(range, { title: 'Reject', command: COMMANDS.rejectHunk, arguments: [args], tooltip: 'Keep the original lines of this change' }),
        new vscode.CodeLens(range, { title: `+${added} −${removed}`, command: '', tooltip: `${added} lines added, ${removed} removed` }),
      ];
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function firstLine(hunk: EditHunk): number {
  return hunk.removed.endLine > hunk.removed.startLine ? hunk.removed.startLine : hunk.added.startLine;
}
