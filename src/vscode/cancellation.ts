import type * as vscode from 'vscode';

/**
 * Bridges a VS Code CancellationToken to an AbortSignal, so that cancelling in the UI aborts the HTTP
 * request itself (the server sees the socket close). Dispose when the request is over.
 */
export function abortSignalFor(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
    return { signal: controller.signal, dispose() {} };
  }
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}
