/**
 * The arguments of `tokenStream.applyCodeBlock` when another extension, a keybinding or a script calls it:
 * `{ code, uri?, language? }`. Checked here, before anything happens, so a bad call resolves at once with
 * an error that says what was wrong. No VS Code import: unit-tested in plain Node.
 */

export interface ApplyArgs {
  /** The code block to apply, without its fence lines (a fenced block is accepted too). */
  readonly code: string;
  /** The target document, as a URI string; default: the file the block names, else the active editor's. */
  readonly uri?: string;
  /** The block's fence language. */
  readonly language?: string;
}

export type ParsedApplyArgs = { readonly ok: true; readonly args: ApplyArgs } | { readonly ok: false; readonly message: string };

/** Checks a programmatic call's arguments; `uri` may be a string or a `vscode.Uri`. */
export function parseApplyArgs(raw: unknown): ParsedApplyArgs {
  const fail = (message: string): ParsedApplyArgs => ({ ok: false, message: `tokenStream.applyCodeBlock: ${message}` });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('expects one argument, an object { code, uri?, language? }.');
  const { code, uri, language } = raw as Record<string, unknown>;
  if (typeof code !== 'string' || !code.trim()) return fail('"code" must be a non-empty string.');
  if (language !== undefined && typeof language !== 'string') return fail('"language", when given, must be a string.');
  let uriText: string | undefined;
  if (uri !== undefined) {
    uriText = uriString(uri);
    if (uriText === undefined) return fail('"uri", when given, must be a URI string or a vscode.Uri.');
  }
  return {
    ok: true,
    args: {
      code,
      ...(uriText !== undefined ? { uri: uriText } : {}),
      ...(typeof language === 'string' && language.trim() ? { language: language.trim() } : {}),
    },
  };
}

function uriString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() ? value.trim() : undefined;
  // A vscode.Uri from another extension: its toString() is the URI.
  if (value && typeof value === 'object' && typeof (value as { scheme?: unknown }).scheme === 'string') {
    const text = String(value);
    return text && text !== '[object Object]' ? text : undefined;
  }
  return undefined;
}
