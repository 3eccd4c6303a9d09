/**
 * What an EditSession needs from one document and its editor beyond what the InsertionEngine needs.
 * The VS Code implementation extends the EditorPort adapter; tests use a string-backed fake.
 */
import { type EditorPort } from '../sinks/EditorPort';

export interface EditSessionPort extends EditorPort {
  /** The 0-based line that contains `offset` (vscode: `document.positionAt(offset).line`). */
  lineAt(offset: number): number;
  /** The document's text in [start, end) (vscode: `document.getText(range)`). */
  getText(start: number, end: number): string;
}
