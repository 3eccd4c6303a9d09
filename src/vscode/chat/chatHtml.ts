/**
 * The chat webview's HTML document: no inline script or style, everything under a strict CSP.
 * Pure (no runtime import of vscode) so it is unit-testable; the view provider passes
 * `webview.cspSource`, a fresh nonce and `webview.asWebviewUri(...)` strings.
 */
export interface ChatHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh random nonce per render (base64/hex, no quotes). */
  readonly nonce: string;
  /** URI of dist/webview.js. */
  readonly scriptUri: string;
  /** URI of media/chat.css. */
  readonly styleUri: string;
}

export function chatHtml({ cspSource, nonce, scriptUri, styleUri }: ChatHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('chatHtml: the nonce must be at least 16 base64/hex characters.');
  const csp = [
    `default-src 'none'`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // No remote images: a sanitizer slip must not be able to load (and leak data to) anything remote.
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(styleUri)}">
<title>Token Stream Chat</title>
</head>
<body>
<script nonce="${nonce}" src="${escapeAttr(scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
