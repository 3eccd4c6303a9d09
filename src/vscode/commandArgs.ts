import * as vscode from 'vscode';
import type { StreamError } from '../core/stream/types';
import { promptTooLong } from '../shared/limits';

/**
 * How a generating command was called. Without arguments (the palette, a keybinding without `args`, a
 * menu, which passes the document's URI) a person is there and the command may ask for what it needs.
 * With arguments it is a program (another extension, a keybinding's `args`): it never shows an input box,
 * quick pick or modal, and what it cannot use is an error at once.
 */
export type Invocation =
  | { readonly kind: 'interactive' }
  | { readonly kind: 'programmatic'; readonly prompt: string; readonly model?: string }
  | { readonly kind: 'invalid'; readonly error: StreamError };

export function parseInvocation(command: string, args: unknown, acceptsModel: boolean): Invocation {
  if (args === undefined || args instanceof vscode.Uri) return { kind: 'interactive' };
  const usage = acceptsModel ? '{ "prompt": "...", "model"?: "..." }' : '{ "prompt": "..." }';
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return invalid(`${command} takes ${usage}, not ${describeValue(args)}.`);
  }
  const { prompt, model } = args as { readonly prompt?: unknown; readonly model?: unknown };
  if (typeof prompt !== 'string' || !prompt.trim()) {
    return invalid(`${command} takes ${usage}: "prompt" must be a non-empty string, not ${describeValue(prompt)}.`);
  }
  const tooLong = promptTooLong(prompt.length);
  if (tooLong) return invalid(tooLong);
  if (acceptsModel && model !== undefined && (typeof model !== 'string' || !model.trim())) {
    return invalid(`${command} takes ${usage}: "model" must be a non-empty string when given, not ${describeValue(model)}.`);
  }
  return { kind: 'programmatic', prompt, ...(acceptsModel && typeof model === 'string' ? { model: model.trim() } : {}) };
}

function invalid(message: string): Invocation {
  return { kind: 'invalid', error: { kind: 'invalidArgument', message } };
}

/** What a value is, for an error message (never the value itself: it may be long or private). */
function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.trim() ? `a string of ${value.length} characters` : 'an empty string';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
