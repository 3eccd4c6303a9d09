import * as vscode from 'vscode';
import { resolveApiKey } from '../core/provider/apiKeys';
import type { StreamError } from '../core/stream/types';
import type { SecretApiKeyStore } from './SecretApiKeyStore';

/** The key a request may send, or why the request must not be made. */
export type KeyOutcome =
  | { readonly ok: true; readonly apiKey: string | undefined; readonly origin: string }
  | { readonly ok: false; readonly error: StreamError };

/** globalState key: the origins whose key the user agreed to send over plain http. */
const PLAIN_HTTP_CONSENT_KEY = 'tokenStream.plainHttpKeyOrigins';
const SEND_OVER_HTTP = 'Send Over HTTP';

/**
 * Which API key a request to an endpoint may send, asked of the user only when a person started the
 * request. Keys live in SecretStorage (one per origin). A key for a plain `http://` endpoint that is not
 * loopback would travel unencrypted: it is sent only once the user agreed for that origin, in a modal
 * that names it; the answer is remembered in globalState (this machine only) until Clear API Key.
 */
export class EndpointKeys {
  constructor(
    private readonly secrets: SecretApiKeyStore,
    private readonly state: vscode.Memento,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {}

  /**
   * The key for `baseUrl` (a valid URL). `interactive`: a person started the request, so a missing key
   * may be asked for and plain-http consent may be asked; otherwise both end in an error at once.
   */
  async forRequest(baseUrl: string, interactive: boolean): Promise<KeyOutcome> {
    let key = await resolveApiKey(baseUrl, this.secrets, this.env);
    if (key.missing && interactive) {
      const entered = await askForApiKey(key.origin);
      if (entered) {
        await this.secrets.set(key.origin, entered);
        key = await resolveApiKey(baseUrl, this.secrets, this.env);
      }
    }
    if (key.missing) {
      return {
        ok: false,
        error: {
          kind: 'auth',
          message: `No API key is set for ${key.origin}: run "Token Stream: Set API Key..." (keys stay in VS Code's secret storage).`,
          action: 'setApiKey',
        },
      };
    }
    if (key.overPlainHttp && !this.consented(key.origin)) {
      if (!interactive) {
        return {
          ok: false,
          error: {
            kind: 'consentRequired',
            message: `Nothing was sent: the API key for ${key.origin} would travel over plain http, which needs your consent once for this origin. Run a Token Stream command yourself (or ask in the chat) to give it, or use https.`,
            action: 'openSettings',
          },
        };
      }
      if (!(await this.askConsent(key.origin))) {
        return {
          ok: false,
          error: {
            kind: 'consentRequired',
            message: `Nothing was sent: you did not agree to send the API key for ${key.origin} over plain http. Use an https:// endpoint, or agree when asked.`,
            action: 'openSettings',
          },
        };
      }
    }
    return { ok: true, apiKey: key.apiKey, origin: key.origin };
  }

  /**
   * The key to list the endpoint's models with (Select Model, a person's command): undefined when there is
   * none, or when it would travel over plain http and the user does not agree.
   */
  async forListing(baseUrl: string): Promise<string | undefined> {
    const key = await resolveApiKey(baseUrl, this.secrets, this.env);
    if (key.overPlainHttp && !this.consented(key.origin) && !(await this.askConsent(key.origin))) return undefined;
    return key.apiKey;
  }

  async set(origin: string, apiKey: string): Promise<void> {
    await this.secrets.set(origin, apiKey);
  }

  /** Forgets the origin's key and the user's plain-http consent for it. */
  async clear(origin: string): Promise<void> {
    await this.secrets.delete(origin);
    const origins = this.consentedOrigins();
    if (origins.includes(origin)) await this.state.update(PLAIN_HTTP_CONSENT_KEY, origins.filter((o) => o !== origin));
  }

  private consented(origin: string): boolean {
    return this.consentedOrigins().includes(origin);
  }

  private consentedOrigins(): string[] {
    const stored = this.state.get<unknown>(PLAIN_HTTP_CONSENT_KEY);
    return Array.isArray(stored) ? stored.filter((o): o is string => typeof o === 'string') : [];
  }

  private async askConsent(origin: string): Promise<boolean> {
    const choice = await vscode.window.showWarningMessage(
      `Send your API key to ${origin} over plain http?`,
      {
        modal: true,
        detail:
          `${origin} is not a loopback address and does not use https: anyone on the network path can read the key and your prompts. ` +
          'Token Stream asks once for this origin; "Token Stream: Clear API Key" forgets the answer.',
      },
      SEND_OVER_HTTP,
    );
    if (choice !== SEND_OVER_HTTP) return false;
    await this.state.update(PLAIN_HTTP_CONSENT_KEY, [...this.consentedOrigins(), origin]);
    return true;
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
