import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { ChatRequest, ProviderEvent, RawProvider, StreamError } from '../core/stream/types';

export interface LanguageModelProviderOptions {
  /** The model chosen with `selectLanguageModel`. */
  readonly model: vscode.LanguageModelChat;
  readonly systemPrompt?: string;
  readonly logger: Logger;
}

/** The model a request goes to, or why there is none. */
export type LanguageModelChoice =
  | { readonly ok: true; readonly model: vscode.LanguageModelChat }
  | { readonly ok: false; readonly error: StreamError };

/**
 * Finds the model named `wanted` (an id, else a family) among VS Code's language models; empty takes the
 * first one offered. A name that matches nothing is an error naming the models there are, never a silent
 * switch to another model: the user asked for that one.
 */
export async function selectLanguageModel(wanted: string): Promise<LanguageModelChoice> {
  let all: vscode.LanguageModelChat[];
  try {
    if (wanted) {
      const byId = await vscode.lm.selectChatModels({ id: wanted });
      if (byId[0]) return { ok: true, model: byId[0] };
      const byFamily = await vscode.lm.selectChatModels({ family: wanted });
      if (byFamily[0]) return { ok: true, model: byFamily[0] };
    }
    all = await vscode.lm.selectChatModels();
  } catch (err) {
    return { ok: false, error: languageModelError(err) };
  }
  if (all.length === 0) {
    return {
      ok: false,
      error: {
        kind: 'noModels',
        message:
          'No language model is available through VS Code\'s Language Model API: install and sign in to an extension that provides one (such as GitHub Copilot Chat), or set tokenStream.provider to "openai".',
        action: 'openSettings',
      },
    };
  }
  if (!wanted) return { ok: true, model: all[0]! };
  const names = [...new Set(all.map((m) => m.id))];
  const shown = names.length > 8 ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more` : names.join(', ');
  return {
    ok: false,
    error: {
      kind: 'modelNotFound',
      message: `VS Code has no language model "${wanted}" (neither an id nor a family; available: ${shown}): pick one with "Token Stream: Select Model...".`,
      action: 'selectModel',
    },
  };
}

/** A response part that carries the model's reasoning (`vscode.LanguageModelThinkingPart`). */
type ThinkingPartClass = new (...args: never[]) => { readonly value: string | readonly string[] };

/**
 * `vscode.LanguageModelThinkingPart` when this VS Code has it. It is a proposed API (not in the typings
 * this extension builds against), but the runtime exports the class and response streams yield its
 * instances, so it is detected rather than required.
 */
function thinkingPartClass(): ThinkingPartClass | undefined {
  const candidate = (vscode as unknown as { readonly LanguageModelThinkingPart?: unknown }).LanguageModelThinkingPart;
  return typeof candidate === 'function' ? (candidate as ThinkingPartClass) : undefined;
}

/**
 * VS Code's Language Model API (vscode.lm) as a provider, so users with Copilot's (or any other
 * extension's) models need no key. Yields answer text, and reasoning from thinking parts where the
 * runtime offers them. The AbortSignal cancels the request through a CancellationToken.
 */
export class LanguageModelProvider implements RawProvider {
  readonly id = 'vscode-lm';

  constructor(private readonly options: LanguageModelProviderOptions) {}

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
    const { model } = this.options;
    const log = `vscode-lm ${model.vendor}/${model.id}`;
    if (signal.aborted) {
      yield { type: 'end', reason: 'cancelled', log };
      return;
    }
    const source = new vscode.CancellationTokenSource();
    const onAbort = (): void => source.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      this.options.logger.info(`${log} request (${request.messages.length} messages)`);
      const response = await model.sendRequest(
        this.toMessages(request),
        { justification: 'Token Stream sends your prompt to generate the code you asked for.' },
        source.token,
      );
      const ThinkingPart = thinkingPartClass();
      for await (const part of response.stream) {
        if (signal.aborted) break;
        if (part instanceof vscode.LanguageModelTextPart) {
          if (part.value) yield { type: 'text', text: part.value };
        } else if (ThinkingPart && part instanceof ThinkingPart) {
          const text = typeof part.value === 'string' ? part.value : part.value.join('');
          if (text) yield { type: 'reasoning', text };
        }
      }
      // The API ends a response without saying why (VS Code 1.139 reports no stop reason and no token
      // limit), so an answer cut at the model's limit cannot be told from a complete one: 'stop'.
      yield { type: 'end', reason: signal.aborted ? 'cancelled' : 'stop', log };
    } catch (err) {
      if (signal.aborted || err instanceof vscode.CancellationError) {
        yield { type: 'end', reason: 'cancelled', log };
        return;
      }
      this.options.logger.error(`${log} request failed: ${describe(err)}`);
      yield { type: 'end', reason: 'error', error: languageModelError(err), log };
    } finally {
      signal.removeEventListener('abort', onAbort);
      source.dispose();
    }
  }

  private toMessages(request: ChatRequest): vscode.LanguageModelChatMessage[] {
    const out: vscode.LanguageModelChatMessage[] = [];
    // The API has no system role: the system prompt goes first, as a user message.
    if (this.options.systemPrompt?.trim()) out.push(vscode.LanguageModelChatMessage.User(this.options.systemPrompt));
    for (const m of request.messages) {
      out.push(m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content));
    }
    return out;
  }
}

function describe(err: unknown): string {
  if (err instanceof vscode.LanguageModelError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** LanguageModelError codes as one sentence and an action. */
function languageModelError(err: unknown): StreamError {
  if (err instanceof vscode.LanguageModelError) {
    if (err.code === vscode.LanguageModelError.NoPermissions.name) {
      return { kind: 'auth', message: 'Token Stream may not use this language model: allow it when VS Code asks, or pick another with "Token Stream: Select Model...".', action: 'selectModel' };
    }
    if (err.code === vscode.LanguageModelError.Blocked.name) {
      return { kind: 'rateLimited', message: 'The language model refused the request for now (quota or rate limit): try again later.', action: 'retry' };
    }
    if (err.code === vscode.LanguageModelError.NotFound.name) {
      return { kind: 'modelNotFound', message: 'The selected language model is no longer available: pick another with "Token Stream: Select Model...".', action: 'selectModel' };
    }
    return { kind: 'unknown', message: `The language model failed: ${err.message || err.code}.`, action: 'showLog' };
  }
  return { kind: 'unknown', message: `The language model failed: ${err instanceof Error ? err.message : String(err)}.`, action: 'showLog' };
}
