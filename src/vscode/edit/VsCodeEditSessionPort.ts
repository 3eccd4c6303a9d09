import * as vscode from 'vscode';
import type { EditSessionPort } from '../../core/edit/EditSessionPort';
import { VsCodeEditorPort } from '../editor/VsCodeEditorPort';

/** The EditSession's view of one VS Code document: the InsertionEngine's adapter plus lines and text. */
export class VsCodeEditSessionPort extends VsCodeEditorPort implements EditSessionPort {
  lineAt(offset: number): number {
    return this.document.positionAt(offset).line;
  }

  getText(start: number, end: number): string {
    return this.document.getText(new vscode.Range(this.document.positionAt(start), this.document.positionAt(end)));
  }
}
