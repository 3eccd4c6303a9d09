/**
 * Pure builders for the OpenAI chat-completions streaming wire format (server-sent events).
 * No I/O: the loopback server, the benchmark and the tests all build bodies with these, so
 * "what the server sends" is defined once.
 *
 * Wire format, as api.openai.com sends it:
 *   data: {"id":"chatcmpl-…","object":"chat.completion.chunk","created":…,"model":"…","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n
 *   data: {… "choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}\n\n
 *   data: {… "choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n
 *   data: {… "choices":[],"usage":{…}}\n\n          (only with stream_options.include_usage)
 *   data: [DONE]\n\n
 */

export interface WireUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

export interface ChunkIdentity {
  /** `chatcmpl-…` id shared by every chunk of one completion. */
  readonly id: string;
  readonly model: string;
  /** Unix seconds. */
  readonly created: number;
}

export interface ChatStreamOptions {
  readonly identity: ChunkIdentity;
  /** Content deltas, in order; an empty string still produces a (content-less) chunk. */
  readonly tokens: readonly string[];
  /** Reasoning deltas sent before the content, in `reasoningField` (default `reasoning_content`). */
  readonly reasoningTokens?: readonly string[];
  readonly reasoningField?: ReasoningField;
  /** Finish reason of the last choice chunk; `null` omits that chunk (a stream that never says why it ended). */
  readonly finishReason?: WireFinishReason | null;
  /**
   * More answers (choices 1..n, as with `n > 1`): each of their tokens is sent in its own chunk right after
   * the same-numbered token of choice 0, so the choices interleave as servers send them; each ends with
   * `length`.
   */
  readonly otherChoices?: readonly (readonly string[])[];
  /** Usage for the trailing `choices: []` chunk; undefined sends none. */
  readonly usage?: WireUsage;
  /** Sends `data: [DONE]` at the end (default true). */
  readonly done?: boolean;
}

export const DONE_EVENT = 'data: [DONE]\n\n';

/** Finish reasons as servers send them; `tool_calls` and `function_call` end a turn that called a tool. */
export type WireFinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'function_call';

/**
 * A choice's delta. Reasoning travels where each kind of server puts it: `reasoning_content` (DeepSeek,
 * older vLLM), `reasoning` (vLLM, Ollama's /v1, OpenRouter), `reasoning_details` (OpenRouter).
 */
export interface ChunkDelta {
  readonly role?: 'assistant';
  readonly content?: string;
  readonly reasoning_content?: string;
  readonly reasoning?: string;
  readonly reasoning_details?: readonly { readonly type: string; readonly text: string }[];
}

/**
 * Where a stream puts its reasoning: a delta field, `<think>` tags inline in the content (LM Studio,
 * llama.cpp), or `opened-think`: inline with no opening tag and a lone `</think>`, as vLLM without a
 * reasoning parser streams DeepSeek-R1, QwQ or Qwen3 Thinking (their template ends the prompt with `<think>`).
 */
export type ReasoningField = 'reasoning_content' | 'reasoning' | 'reasoning_details' | 'think-tags' | 'opened-think';

/** The delta that carries one piece of reasoning in `field`. */
export function reasoningDelta(field: Exclude<ReasoningField, 'think-tags' | 'opened-think'>, text: string): ChunkDelta {
  if (field === 'reasoning_details') return { reasoning_details: [{ type: 'reasoning.text', text }] };
  return field === 'reasoning' ? { reasoning: text } : { reasoning_content: text };
}

/** One SSE event carrying `data` (a string is sent verbatim, anything else as JSON). */
export function sseEvent(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** A `chat.completion.chunk` object with a single choice. */
export function chunkObject(
  identity: ChunkIdentity,
  delta: ChunkDelta,
  finishReason: string | null = null,
): object {
  return choiceChunkObject(identity, 0, delta, finishReason);
}

/** A `chat.completion.chunk` carrying one choice of a given index (several answers interleave by index). */
export function choiceChunkObject(identity: ChunkIdentity, index: number, delta: ChunkDelta, finishReason: string | null = null): object {
  return { ...chunkHeader(identity), choices: [{ index, delta, logprobs: null, finish_reason: finishReason }] };
}

/** A whole `chat.completion`, what a server that ignores `stream: true` answers with. */
export function completionObject(identity: ChunkIdentity, message: ChunkDelta, finishReason: WireFinishReason | null, usage?: WireUsage): object {
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    system_fingerprint: 'fp_loopback',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, logprobs: null, finish_reason: finishReason }],
    ...(usage ? { usage } : {}),
  };
}

/** An SSE comment line, as gateways send while a request waits (`: OPENROUTER PROCESSING`). */
export function commentEvent(text: string): string {
  return `: ${text}\n\n`;
}

/** The trailing usage chunk: `choices` is empty, as stream_options.include_usage specifies. */
export function usageChunkObject(identity: ChunkIdentity, usage: WireUsage): object {
  return { ...chunkHeader(identity), choices: [], usage };
}

/** The fields every chunk of one completion shares. */
function chunkHeader(identity: ChunkIdentity): object {
  return { id: identity.id, object: 'chat.completion.chunk', created: identity.created, model: identity.model, system_fingerprint: 'fp_loopback' };
}

/** An error object inside the stream, the way OpenAI-compatible servers report a failure mid-answer. */
export function errorEvent(message: string, type = 'server_error', code: string | null = null): string {
  return sseEvent({ error: { message, type, code } });
}

/** The events of a complete streamed answer: role delta, one chunk per token, finish, usage, [DONE]. */
export function buildChatStreamEvents(options: ChatStreamOptions): string[] {
  const { identity } = options;
  const events = [sseEvent(chunkObject(identity, { role: 'assistant', content: '' }))];
  const field = options.reasoningField ?? 'reasoning_content';
  const reasoning = options.reasoningTokens ?? [];
  if (field === 'think-tags' || field === 'opened-think') {
    // Inline, as servers without a reasoning parser send it: the tags are ordinary content.
    // vLLM's output for a template-opened block starts where the template's `<think>\n` ended.
    const inline = !reasoning.length ? [] : field === 'think-tags' ? ['<think>', ...reasoning, '</think>\n\n'] : [...reasoning, '\n</think>\n\n'];
    for (const token of inline) events.push(sseEvent(chunkObject(identity, { content: token })));
  } else {
    for (const token of reasoning) events.push(sseEvent(chunkObject(identity, reasoningDelta(field, token))));
  }
  const others = options.otherChoices ?? [];
  const rounds = Math.max(options.tokens.length, ...others.map((tokens) => tokens.length));
  for (let i = 0; i < rounds; i++) {
    const token = options.tokens[i];
    if (token !== undefined) events.push(sseEvent(chunkObject(identity, { content: token })));
    others.forEach((tokens, n) => {
      if (tokens[i] !== undefined) events.push(sseEvent(choiceChunkObject(identity, n + 1, { content: tokens[i] })));
    });
  }
  // The other answers end at the token limit: a client that takes their finish reason for the answer's says so.
  others.forEach((_tokens, n) => events.push(sseEvent(choiceChunkObject(identity, n + 1, {}, 'length'))));
  const finishReason = options.finishReason === undefined ? 'stop' : options.finishReason;
  if (finishReason !== null) events.push(sseEvent(chunkObject(identity, {}, finishReason)));
  if (options.usage) events.push(sseEvent(usageChunkObject(identity, options.usage)));
  if (options.done ?? true) events.push(DONE_EVENT);
  return events;
}

/** The whole body of a streamed answer as one string. */
export function buildChatStreamBody(options: ChatStreamOptions): string {
  return buildChatStreamEvents(options).join('');
}

export { splitIntoTokens } from '../support/fakes/tokens';

/** Splits bytes into pieces cut at the given byte offsets (sorted, deduplicated, within range). */
export function splitBytesAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets)].filter((o) => o > 0 && o < bytes.length).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const cut of cuts) {
    pieces.push(bytes.subarray(start, cut));
    start = cut;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}
