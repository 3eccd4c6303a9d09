import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { ChatRequest, ProviderEvent, RawProvider, StreamError } from '../core/stream/types';

export interface LanguageModelProviderOptions {
  /** A model id or family (e.g. gpt-4o); empty picks the first model VS Code offers. */
  readonly model: string;
  readonly systemPrompt?: string;
  readonly logger: Logger;
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
    if (signal.aborted) {
      yield { type: 'end', reason: 'cancelled' };
      return;
    }
    const source = new vscode.CancellationTokenSource();
    const onAbort = (): void => source.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const model = await this.selectModel(request.model ?? this.options.model);
      if (!model) {
        yield {
          type: 'end',
          reason: 'error',
          error: {
            kind: 'noModels',
            message:
              'No language model is available through VS Code\'s Language Model API: install and sign in to an extension that provides one (such as GitHub Copilot Chat), or set tokenStream.provider to "openai".',
            action: 'openSettings',
          },
        };
        return;
      }
      this.options.logger.info(`vscode-lm request to ${model.vendor}/${model.id} (${request.messages.length} messages)`);
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
      yield { type: 'end', reason: signal.aborted ? 'cancelled' : 'stop', log: `vscode-lm ${model.vendor}/${model.id}` };
    } catch (err) {
      if (signal.aborted || err instanceof vscode.CancellationError) {
        yield { type: 'end', reason: 'cancelled' };
        return;
      }
      this.options.logger.error(`vscode-lm request failed: ${describe(err)}`);
      yield { type: 'end', reason: 'error', error: languageModelError(err) };
    } finally {
      signal.removeEventListener('abort', onAbort);
      source.dispose();
    }
  }

  private async selectModel(wanted: string): Promise<vscode.LanguageModelChat | undefined> {
    if (wanted) {
      const byId = await vscode.lm.selectChatModels({ id: wanted });
      if (byId[0]) return byId[0];
      const byFamily = await vscode.lm.selectChatModels({ family: wanted });
      if (byFamily[0]) return byFamily[0];
    }
    const all = await vscode.lm.selectChatModels();
    if (wanted && all[0]) this.options.logger.warn(`vscode-lm: no model "${wanted}"; using ${all[0].id}`);
    return all[0];
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
