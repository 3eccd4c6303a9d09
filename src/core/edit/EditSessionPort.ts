/**
 * What an EditSession needs from one document and its editor beyond what the InsertionEngine needs.
 * The VS Code implementation extends the EditorPort adapter; tests use a string-backed fake.
 */
import { type Disposable, type EditorPort } from '../sinks/EditorPort';

export interface EditSessionPort extends EditorPort {
  /** The 0-based line that contains `offset` (vscode: `document.positionAt(offset).line`). */
  lineAt(offset: number): number;
  /**
   * Fires when the user scrolled the editor (vscode: `onDidChangeTextEditorVisibleRanges` of the
   * session's editor, minus the scrolls the adapter's own `revealRange` caused). The session then stops
   * asking for the stream frontier to be revealed.
   */
  onUserScrolled(listener: () => void): Disposable;
}
