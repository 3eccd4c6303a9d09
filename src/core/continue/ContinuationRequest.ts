/**
 * The request that continues a cut-off answer, per server kind, as plain data the provider sends.
 *
 * Three modes, tried in this order on an endpoint until one is not refused (remember the refusals per
 * endpoint, as for `stream_options`):
 * 1. `continueFinalMessage` (vLLM): the partial answer as the final assistant message, and in the body
 *    `continue_final_message: true, add_generation_prompt: false`. The chat template leaves the assistant
 *    turn open and the model appends to it: an exact continuation.
 * 2. `prefix` (DeepSeek at `https://api.deepseek.com/beta`, Mistral): the final assistant message carries
 *    `prefix: true`. Also exact.
 * 3. `fallback` (any server): the partial as an assistant message, then a user turn asking to continue
 *    exactly where it stopped. The model writes a new message, so its text needs seam repair
 *    (see SeamRepairer) before anything is shown.
 *
 * A refusal is an HTTP 400 or 422 whose error names the mode's field (`isContinuationRefusal`). A server
 * that silently ignores the field is not refused; the SeamRepairer notices the obvious signs of that
 * (a preamble, a re-opened code fence or the answer's first line at the start of an "exact"
 * continuation) and reports `prefillIgnored`, which the provider should treat like a refusal next time.
 *
 * A caller continues a cut answer like this:
 *   mode = continuationModeFor(baseUrl, refusedModesOf(endpoint));
 *   request = buildContinuationRequest(mode, conversation, partial);
 *   send it; on an error where isContinuationRefusal(mode, error): remember the refusal, pick the next mode;
 *   repairer = new SeamRepairer(partial, { mode });
 *   each delta -> sink(repairer.push(delta)); at the finish -> sink(repairer.end());
 *   if repairer.repairs.prefillIgnored: remember `mode` as refused for the endpoint.
 * The continuation's usage adds to the cut answer's; AutoContinueGuard decides about another round.
 */
import type { ChatMessage, ContinuationMode } from '../stream/types';
import { analyzePartialAnswer, type PartialAnswer } from './PartialAnswer';

/** Every mode, in the order an unknown endpoint is probed. */
export const CONTINUATION_PROBE_ORDER: readonly ContinuationMode[] = ['continueFinalMessage', 'prefix', 'fallback'];

/** True for the modes whose continuation is appended as is (the server continues the partial message itself). */
export function isExactMode(mode: ContinuationMode): boolean {
  return mode !== 'fallback';
}

/** A chat message as sent for a continuation: `prefix` marks the final assistant message in prefix mode. */
export interface ContinuationMessage extends ChatMessage {
  readonly prefix?: true;
}

export interface ContinuationRequest {
  readonly mode: ContinuationMode;
  /** The conversation followed by the partial answer (and, in fallback mode, the user's "continue" turn). */
  readonly messages: readonly ContinuationMessage[];
  /** Fields to merge into the request body next to `model`, `messages`, `stream`. */
  readonly extraBody: Readonly<Record<string, unknown>>;
}

/**
 * The request continuing `partial`, the raw answer text (Markdown, fences included, as the model wrote
 * it) that `conversation` produced. `conversation` is the message list of the cut request, without the
 * system prompt (the provider prepends it, as for any request). For a second round, pass the joined
 * answer so far as `partial` and the same `conversation`.
 */
export function buildContinuationRequest(mode: ContinuationMode, conversation: readonly ChatMessage[], partial: string): ContinuationRequest {
  switch (mode) {
    case 'continueFinalMessage':
      return {
        mode,
        messages: [...conversation, { role: 'assistant', content: partial }],
        extraBody: { continue_final_message: true, add_generation_prompt: false },
      };
    case 'prefix':
      return { mode, messages: [...conversation, { role: 'assistant', content: partial, prefix: true }], extraBody: {} };
    case 'fallback':
      return {
        mode,
        messages: [
          ...conversation,
          { role: 'assistant', content: partial },
          { role: 'user', content: continueInstruction(analyzePartialAnswer(partial)) },
        ],
        extraBody: {},
      };
  }
}

/**
 * The user turn of the fallback mode. It tells the model that its reply is glued to the cut message, and
 * where that message stopped (inside a code block or not), because that is what models get wrong: they
 * re-open the fence, restart the line, or introduce the rest.
 */
export function continueInstruction(partial: PartialAnswer): string {
  const base =
    'Your previous message was cut off. Continue it from the exact point where it stopped: your reply is appended to it as is, ' +
    'so start with the very next character, in the middle of a word or line if that is where it stopped. ' +
    'Do not repeat anything already written and do not add any introduction or comment.';
  switch (partial.context) {
    case 'fence': {
      const fence = (partial.fence?.char ?? '`').repeat(partial.fence?.length ?? 3);
      const language = partial.fence?.language ? ` ${partial.fence.language}` : '';
      return `${base} It stopped inside the open${language} code block: do not start a new code block, write the rest of the code, then close the block with ${fence} if the code is complete.`;
    }
    case 'code':
      return `${base} It is code without a Markdown fence: write only the rest of the code, without a fence.`;
    case 'prose':
      return base;
  }
}

/**
 * The mode to use on an endpoint that refused the modes in `refused` (empty for a new endpoint).
 * Known hosts skip modes they do not have: OpenAI and Azure OpenAI go straight to the fallback, DeepSeek
 * offers `prefix` only on its /beta base URL, Mistral has `prefix`.
 */
export function continuationModeFor(baseUrl: string, refused: ReadonlySet<ContinuationMode> = new Set()): ContinuationMode {
  return candidateModes(baseUrl).find((mode) => !refused.has(mode)) ?? 'fallback';
}

function candidateModes(baseUrl: string): readonly ContinuationMode[] {
  let host = '';
  let path = '';
  try {
    const url = new URL(baseUrl);
    host = url.hostname.toLowerCase();
    path = url.pathname;
  } catch {
    return CONTINUATION_PROBE_ORDER;
  }
  if (host === 'api.openai.com' || host.endsWith('.openai.azure.com')) return ['fallback'];
  if (host === 'api.deepseek.com') return /\/beta\/?$/.test(path) ? ['prefix', 'fallback'] : ['fallback'];
  if (host === 'api.mistral.ai') return ['prefix', 'fallback'];
  return CONTINUATION_PROBE_ORDER;
}

/**
 * True when `error` (an SDK error, or anything with `status` and `message`/`error`) is the endpoint
 * refusing `mode`: HTTP 400 or 422 whose message or body names the mode's field, or says the server
 * cannot prefill an assistant message (llama.cpp with thinking on, Anthropic-compatible servers).
 * Read structurally, so this module needs no HTTP library.
 */
export function isContinuationRefusal(mode: ContinuationMode, error: unknown): boolean {
  if (mode === 'fallback' || typeof error !== 'object' || error === null) return false;
  const { status, message, error: body } = error as { status?: unknown; message?: unknown; error?: unknown };
  if (status !== 400 && status !== 422) return false;
  const text = `${typeof message === 'string' ? message : ''} ${bodyText(body)}`;
  if (/prefill/i.test(text)) return true;
  return mode === 'continueFinalMessage' ? /continue_final_message|add_generation_prompt/i.test(text) : /\bprefix\b/i.test(text);
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body) ?? '';
  } catch {
    return '';
  }
}
