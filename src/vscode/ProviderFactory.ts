import type { Logger } from '../core/log';
import { validateBaseUrl } from '../core/provider/apiKeys';
import { EndpointCapabilities } from '../core/provider/EndpointCapabilities';
import { OpenAiCompatibleProvider } from '../core/provider/OpenAiCompatibleProvider';
import { instrument } from '../core/stream/instrument';
import type { Tokenizer } from '../core/stream/Tokenizer';
import type { LlmProvider, RawProvider, StreamError } from '../core/stream/types';
import type { EndpointKeys } from './EndpointKeys';
import { LanguageModelProvider, selectLanguageModel } from './LanguageModelProvider';
import { logRefusal, refusedProvider } from './refusal';
import { readSettings, type Settings } from './settings';

export interface CreateProviderOptions {
  /** Overrides tokenStream.model for this request. */
  readonly model?: string;
  /**
   * A person started this request (the palette, a keybinding, the chat view), so a missing API key may be
   * asked for and plain-http consent may be asked. Programmatic calls pass false: they never wait for a
   * person, and get the error instead.
   */
  readonly interactive?: boolean;
}

/** A provider ready to stream, or why the request cannot be made (already logged). */
export type PreparedProvider = { readonly ok: true; readonly provider: LlmProvider } | { readonly ok: false; readonly error: StreamError };

type RawChoice = { readonly ok: true; readonly provider: RawProvider } | { readonly ok: false; readonly error: StreamError; readonly what: string };

/**
 * Builds the provider for one request from the settings of the moment, with the API key of the
 * endpoint's own origin, behind the stream stage. A request that cannot be made (bad baseUrl, no model,
 * no key, no consent, no VS Code language model) is refused before anything is sent, and the refusal is
 * logged like a failed request.
 */
export class ProviderFactory {
  /** Per-endpoint memory (e.g. "rejects stream_options") shared by every request of the session. */
  private readonly capabilities = new EndpointCapabilities();

  constructor(
    private readonly keys: EndpointKeys,
    private readonly logger: Logger,
    private readonly tokenizer: Tokenizer,
  ) {}

  async prepare(options: CreateProviderOptions = {}): Promise<PreparedProvider> {
    const settings = readSettings();
    const raw = await this.createRaw(settings, options);
    if (!raw.ok) {
      logRefusal(this.logger, raw.what, raw.error);
      return raw;
    }
    return { ok: true, provider: instrument(raw.provider, { tokenizer: this.tokenizer, logger: this.logger, systemPrompt: settings.systemPrompt }) };
  }

  /** Like `prepare`, for callers that consume a stream either way: a refused request streams its error. */
  async create(options: CreateProviderOptions = {}): Promise<LlmProvider> {
    const prepared = await this.prepare(options);
    return prepared.ok ? prepared.provider : refusedProvider(prepared.error);
  }

  private async createRaw(settings: Settings, options: CreateProviderOptions): Promise<RawChoice> {
    const model = options.model?.trim() || settings.model;
    const interactive = options.interactive ?? true;
    if (settings.provider === 'vscode-lm') {
      const choice = await selectLanguageModel(model);
      if (!choice.ok) return { ...choice, what: `vscode-lm model=${model ? `"${model}"` : '(first available)'}` };
      return { ok: true, provider: new LanguageModelProvider({ model: choice.model, systemPrompt: settings.systemPrompt, logger: this.logger }) };
    }
    const validation = validateBaseUrl(settings.baseUrl);
    if (!validation.ok) {
      return { ok: false, error: { kind: 'badRequest', message: validation.message, action: 'openSettings' }, what: `openai baseUrl=${safeUrl(settings.baseUrl)} model=${model || '-'}` };
    }
    const what = `POST ${validation.url.origin}${validation.url.pathname.replace(/\/$/, '')}/chat/completions model=${model || '-'}`;
    if (!model) {
      return { ok: false, error: { kind: 'modelNotFound', message: 'No model is set: pick one with "Token Stream: Select Model...".', action: 'selectModel' }, what };
    }
    const key = await this.keys.forRequest(settings.baseUrl, interactive);
    if (!key.ok) return { ...key, what };
    return {
      ok: true,
      provider: new OpenAiCompatibleProvider({
        baseUrl: settings.baseUrl,
        apiKey: key.apiKey,
        model,
        temperature: settings.temperature,
        maxTokens: settings.maxTokens,
        systemPrompt: settings.systemPrompt,
        requestHeaders: settings.requestHeaders,
        idleTimeoutSeconds: settings.idleTimeoutSeconds,
        maxRetries: settings.maxRetries,
        reasoningEffort: settings.reasoningEffort,
        logger: this.logger,
        capabilities: this.capabilities,
      }),
    };
  }
}

/** A base URL for the log: without user info (a password there must not be logged); quoted when it is no URL. */
function safeUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl.trim());
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return JSON.stringify(baseUrl.trim().slice(0, 200));
  }
}
