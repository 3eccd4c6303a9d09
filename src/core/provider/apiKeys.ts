/**
 * Which API key goes to which endpoint. Pure: the VS Code layer backs `ApiKeyStore` with SecretStorage.
 *
 * Keys are stored per origin (scheme + host + port) so a key typed for one server can never be sent to
 * another one: changing tokenStream.baseUrl to a different host asks for that host's key instead.
 */

const OPENAI_ORIGIN = 'https://api.openai.com';

export interface ApiKeyStore {
  get(origin: string): Promise<string | undefined>;
}

export type ApiKeySource = 'stored' | 'environment' | 'notNeeded' | 'missing';

export interface ApiKeyResolution {
  /** The key to send, or undefined (loopback endpoints, or missing). */
  readonly apiKey: string | undefined;
  /** The origin the key belongs to, also the SecretStorage lookup key. */
  readonly origin: string;
  readonly source: ApiKeySource;
  /** True when a remote endpoint has no key: the VS Code layer asks the user once. */
  readonly missing: boolean;
  /**
   * True when the key would travel unencrypted: plain `http://` to a host that is not loopback. The VS Code
   * layer sends it only with the user's consent for that origin.
   */
  readonly overPlainHttp: boolean;
}

export type BaseUrlValidation =
  | { readonly ok: true; readonly url: URL; readonly origin: string; readonly loopback: boolean; readonly insecure: boolean }
  | { readonly ok: false; readonly message: string };

/** Checks a configured base URL and says, in one sentence, what is wrong with it. */
export function validateBaseUrl(baseUrl: string): BaseUrlValidation {
  const trimmed = baseUrl.trim();
  if (!trimmed) {
    return { ok: false, message: 'The endpoint URL (tokenStream.baseUrl) is empty: set it to something like https://api.openai.com/v1.' };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: `"${trimmed}" is not a valid URL: tokenStream.baseUrl should look like https://api.openai.com/v1 or http://localhost:11434/v1.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `tokenStream.baseUrl must start with http:// or https://, not ${url.protocol}//.` };
  }
  if (url.username || url.password) {
    // A key in the URL would be logged and synced with settings; it belongs in SecretStorage.
    return { ok: false, message: 'tokenStream.baseUrl must not contain a user name or password: use "Token Stream: Set API Key..." instead.' };
  }
  const loopback = isLoopbackUrl(url.href);
  return { ok: true, url, origin: url.origin, loopback, insecure: url.protocol === 'http:' && !loopback };
}

/** `https://api.openai.com` for `https://API.openai.com:443/v1/`; throws on a malformed URL. */
export function endpointOrigin(baseUrl: string): string {
  return new URL(baseUrl.trim()).origin;
}

/** True for localhost (and *.localhost), 127.0.0.0/8 and [::1] (also as an IPv4-mapped address). */
export function isLoopbackUrl(url: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(url.trim()).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (hostname === '[::1]') return true;
  // WHATWG URL normalizes ::ffff:127.0.0.1 to [::ffff:7f00:1].
  if (/^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(hostname)) return true;
  const octets = hostname.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

/**
 * Finds the key for `baseUrl`: the key stored for its origin; else OPENAI_API_KEY, but only for
 * https://api.openai.com (an environment key must never leak to another host); else none for
 * loopback servers (they ignore it); else missing.
 */
export async function resolveApiKey(
  baseUrl: string,
  store: ApiKeyStore,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<ApiKeyResolution> {
  const origin = endpointOrigin(baseUrl);
  const loopback = isLoopbackUrl(baseUrl);
  const stored = (await store.get(origin))?.trim();
  if (stored) return { apiKey: stored, origin, source: 'stored', missing: false, overPlainHttp: origin.startsWith('http:') && !loopback };
  const fromEnv = env['OPENAI_API_KEY']?.trim();
  if (origin === OPENAI_ORIGIN && fromEnv) return { apiKey: fromEnv, origin, source: 'environment', missing: false, overPlainHttp: false };
  if (loopback) return { apiKey: undefined, origin, source: 'notNeeded', missing: false, overPlainHttp: false };
  return { apiKey: undefined, origin, source: 'missing', missing: true, overPlainHttp: false };
}
