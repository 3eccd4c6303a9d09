/**
 * Keeps secrets out of logs and error messages. Everything the provider logs or shows passes through here.
 */

const REDACTED = '[redacted]';

/**
 * Patterns that look like credentials in free text: bearer tokens, OpenAI-style `sk-…` keys and other
 * prefixed keys (Groq `gsk_…`, xAI `xai-…`, Anthropic `sk-ant-…`, OpenRouter `sk-or-…`), and
 * `key=…`/`"api_key": "…"` pairs as they appear in URLs and JSON bodies.
 */
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi,
  /\b(?:sk|gsk|xai|pk|rk)[-_][A-Za-z0-9_-]{12,}/g,
  /\b((?:api[-_]?key|access[-_]?token|token|secret|password)["']?\s*[:=]\s*["']?)[^\s"'&,;}]{4,}/gi,
];

/** Replaces the known secrets (exact match) and anything that looks like a key with "[redacted]". */
export function redactSecrets(text: string, knownSecrets: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    // Very short strings would redact ordinary words; real keys are long.
    if (secret && secret.length >= 8) result = result.split(secret).join(REDACTED);
  }
  return result
    .replace(SECRET_PATTERNS[0]!, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(SECRET_PATTERNS[1]!, REDACTED)
    .replace(SECRET_PATTERNS[2]!, (_m, prefix: string) => `${prefix}${REDACTED}`);
}

