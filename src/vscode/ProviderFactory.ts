import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { resolveApiKey, validateBaseUrl } from '../core/provider/apiKeys';
import { EndpointCapabilities } from '../core/provider/EndpointCapabilities';
import { OpenAiCompatibleProvider } from '../core/provider/OpenAiCompatibleProvider';
import { instrument } from '../core/stream/instrument';
import type { Tokenizer } from '../core/stream/Tokenizer';
import type { LlmProvider, RawProvider } from '../core/stream/types';
import { failedProvider } from './failedProvider';
import { LanguageModelProvider } from './LanguageModelProvider';
import type { SecretApiKeyStore } from './SecretApiKeyStore';
import { readSettings, type Settings } from './settings';

export interface CreateProviderOptions {
  /** Overrides tokenStream.model for this request. */
  readonly model?: string;
  /** May ask for a missing API key (false for background work). */
  readonly interactive?: boolean;
}

/**
 * Builds the provider for one request from the settings of the moment, with the API key of the
 * endpoint's own origin, behind the stream stage. A request that cannot be made gets a provider that
 * ends with a clear error.
 */
export class ProviderFactory {
  /** Per-endpoint memory (e.g. "rejects stream_options") shared by every request of the session. */
  private readonly capabilities = new EndpointCapabilities();

  constructor(
    private readonly keys: SecretApiKeyStore,
    private readonly logger: Logger,
    private readonly tokenizer: Tokenizer,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {}

  async create(options: CreateProviderOptions = {}): Promise<LlmProvider> {
    const settings = readSettings();
    const raw = await this.createRaw(settings, options);
    return instrument(raw, { tokenizer: this.tokenizer, logger: this.logger, systemPrompt: settings.systemPrompt });
  }

  private async createRaw(settings: Settings, options: CreateProviderOptions): Promise<RawProvider> {
    const model = options.model?.trim() || settings.model;
    if (settings.provider === 'vscode-lm') {
      return new LanguageModelProvider({ model, systemPrompt: settings.systemPrompt, logger: this.logger });
    }
    const validation = validateBaseUrl(settings.baseUrl);
    if (!validation.ok) return failedProvider({ kind: 'badRequest', message: validation.message, action: 'openSettings' });
    if (!model) {
      return failedProvider({ kind: 'modelNotFound', message: 'No model is set: pick one with "Token Stream: Select Model...".', action: 'selectModel' });
    }
    let key = await resolveApiKey(settings.baseUrl, this.keys, this.env);
    if (key.missing && options.interactive !== false) {
      const entered = await askForApiKey(key.origin);
      if (entered) {
        await this.keys.set(key.origin, entered);
        key = await resolveApiKey(settings.baseUrl, this.keys, this.env);
      }
    }
    if (key.missing) {
      return failedProvider({
        kind: 'auth',
        message: `No API key is set for ${key.origin}: run "Token Stream: Set API Key..." (keys stay in VS Code's secret storage).`,
        action: 'setApiKey',
      });
    }
    return new OpenAiCompatibleProvider({
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
    });
  }
}

/** A password box for the key of one origin; undefined when dismissed. */
export async function askForApiKey(origin: string): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Token Stream: API Key',
    prompt: `API key for ${origin} (stored in VS Code's secret storage, sent only to ${origin})`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (/\s/.test(v.trim()) ? 'An API key has no spaces.' : undefined),
  });
  return value?.trim() || undefined;
}
