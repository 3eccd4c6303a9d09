import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { ChatRequest, LlmProvider, StreamError, StreamEvent } from '../core/provider/types';
import { realScheduler } from '../core/scheduler';
import { MetricsTracker } from '../core/stream/MetricsTracker';
import { TokenCounter } from '../core/stream/TokenCounter';
import type { Tokenizer } from '../core/stream/Tokenizer';

export interface LanguageModelProviderOptions {
  /** A model id or family (e.g. gpt-4o); empty picks the first model VS Code offers. */
  readonly model: string;
  readonly systemPrompt?: string;
  readonly logger: Logger;
  readonly tokenizer?: Tokenizer;
}

const METRICS_INTERVAL_MS = 250;

/**
 * VS Code's Language Model API (vscode.lm) as an LlmProvider, so users with Copilot's (or any other
 * extension's) models need no key. The AbortSignal cancels the request through a CancellationToken.
 */
export class LanguageModelProvider implements LlmProvider {
  readonly id = 'vscode-lm';

  constructor(private readonly options: LanguageModelProviderOptions) {}

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    const metrics = new MetricsTracker(realScheduler);
    const counter = new TokenCounter(this.options.tokenizer);
    const finish = async (reason: 'stop' | 'cancelled' | 'error', error?: StreamError): Promise<StreamEvent> => {
      metrics.finish();
      const usage = counter.available ? { completionTokens: await counter.settle(), estimated: true } : undefined;
      metrics.setTokens(usage?.completionTokens ?? counter.count, true);
      return { type: 'finish', reason, error, metrics: metrics.snapshot(), ...(usage ? { usage } : {}) };
    };
    if (signal.aborted) {
      yield await finish('cancelled');
      return;
    }
    const source = new vscode.CancellationTokenSource();
    const onAbort = () => source.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const model = await this.selectModel(request.model ?? this.options.model);
      if (!model) {
        yield await finish('error', {
          kind: 'noModels',
          message:
            'No language model is available through VS Code\'s Language Model API: install and sign in to an extension that provides one (such as GitHub Copilot Chat), or set tokenStream.provider to "openai".',
          action: 'openSettings',
        });
        return;
      }
      this.options.logger.info(`vscode-lm request to ${model.vendor}/${model.id} (${request.messages.length} messages)`);
      const messages = this.toMessages(request);
      const response = await model.sendRequest(
        messages,
        { justification: 'Token Stream sends your prompt to generate the code you asked for.' },
        source.token,
      );
      let lastMetricsAt = 0;
      for await (const text of response.text) {
        if (signal.aborted) break;
        if (!text) continue;
        metrics.onText();
        counter.add(text);
        yield { type: 'delta', text };
        const now = realScheduler.now();
        if (now - lastMetricsAt >= METRICS_INTERVAL_MS) {
          lastMetricsAt = now;
          metrics.setTokens(counter.count, true);
          yield { type: 'metrics', metrics: metrics.snapshot() };
        }
      }
      yield await finish(signal.aborted ? 'cancelled' : 'stop');
    } catch (err) {
      if (signal.aborted || err instanceof vscode.CancellationError) {
        yield await finish('cancelled');
        return;
      }
      this.options.logger.error(`vscode-lm request failed: ${describe(err)}`);
      yield await finish('error', languageModelError(err));
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
