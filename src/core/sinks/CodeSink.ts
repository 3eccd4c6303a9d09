import type { InsertionResult } from './InsertionEngine';

/**
 * Where finished code goes: the chat's Insert at Cursor hands a code block to the editor side, which puts
 * it at the active editor's cursor through the InsertionEngine.
 */
export interface CodeSink {
  insertAtCursor(code: string, language?: string): Promise<InsertionResult>;
}
