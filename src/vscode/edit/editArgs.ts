/**
 * The arguments of `tokenStream.editSelection` when another extension, a keybinding or a script calls it:
 * `{ prompt, model?, uri?, range? }`. Checked here, before anything happens, so a bad call resolves at
 * once with an error that says what was wrong. No VS Code import: unit-tested in plain Node.
 */

export interface PositionArg {
  readonly line: number;
  readonly character: number;
}

export interface RangeArg {
  readonly start: PositionArg;
  readonly end: PositionArg;
}

export interface EditArgs {
  readonly prompt: string;
  readonly model?: string;
  /** The document, as a URI string; default: the active editor's. */
  readonly uri?: string;
  /** The lines to rewrite (extended to whole lines); default: that editor's selection. */
  readonly range?: RangeArg;
}

export type ParsedEditArgs = { readonly ok: true; readonly args: EditArgs } | { readonly ok: false; readonly message: string };

/** Checks a programmatic call's arguments; `uri` may be a string or a `vscode.Uri`. */
export function parseEditArgs(raw: unknown): ParsedEditArgs {
  const fail = (message: string): ParsedEditArgs => ({ ok: false, message: `tokenStream.editSelection: ${message}` });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('expects one argument, an object { prompt, model?, uri?, range? }.');
  const { prompt, model, uri, range } = raw as Record<string, unknown>;
  if (typeof prompt !== 'string' || !prompt.trim()) return fail('"prompt" must be a non-empty string.');
  if (model !== undefined && (typeof model !== 'string' || !model.trim())) return fail('"model", when given, must be a non-empty string.');
  let uriText: string | undefined;
  if (uri !== undefined) {
    uriText = uriString(uri);
    if (uriText === undefined) return fail('"uri", when given, must be a URI string or a vscode.Uri.');
  }
  let parsedRange: RangeArg | undefined;
  if (range !== undefined) {
    parsedRange = rangeOf(range);
    if (!parsedRange) return fail('"range", when given, must be { start: { line, character }, end: { line, character } } with whole numbers from 0.');
  }
  return {
    ok: true,
    args: {
      prompt,
      ...(typeof model === 'string' ? { model: model.trim() } : {}),
      ...(uriText !== undefined ? { uri: uriText } : {}),
      ...(parsedRange ? { range: parsedRange } : {}),
    },
  };
}

function uriString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() ? value.trim() : undefined;
  // A vscode.Uri (or its JSON form, which has a scheme and a path) from another extension.
  if (value && typeof value === 'object' && typeof (value as { scheme?: unknown }).scheme === 'string') {
    const text = String(value);
    return text && text !== '[object Object]' ? text : undefined;
  }
  return undefined;
}

function rangeOf(value: unknown): RangeArg | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { start, end } = value as { start?: unknown; end?: unknown };
  const startPosition = positionOf(start);
  const endPosition = positionOf(end);
  return startPosition && endPosition ? { start: startPosition, end: endPosition } : undefined;
}

function positionOf(value: unknown): PositionArg | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { line, character } = value as { line?: unknown; character?: unknown };
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  return whole(line) && whole(character) ? { line, character } : undefined;
}
