// Entry of the chat webview bundle (dist/webview.js, an IIFE loaded with a CSP nonce).
import type { WebviewMessage } from '../shared/protocol';
import { ChatView, type WebviewApi } from './ChatView';
import type { PersistedState } from './ViewState';

declare function acquireVsCodeApi(): {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
};

// acquireVsCodeApi may be called only once per webview.
const vscode = acquireVsCodeApi();
const api: WebviewApi = {
  postMessage: (message: WebviewMessage) => vscode.postMessage(message),
  getState: () => vscode.getState(),
  setState: (state: PersistedState) => vscode.setState(state),
};

new ChatView(window, api).start(document.body);
