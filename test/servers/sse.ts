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
  readonly finishReason?: 'stop' | 'length' | 'content_filter' | null;
  /** Usage for the trailing `choices: []` chunk; undefined sends none. */
  readonly usage?: WireUsage;
  /** Sends `data: [DONE]` at the end (default true). */
  readonly done?: boolean;
}

export const DONE_EVENT = 'data: [DONE]\n\n';

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

/** Where a stream puts its reasoning: a delta field, or `<think>` tags inline in the content (LM Studio, llama.cpp). */
export type ReasoningField = 'reasoning_content' | 'reasoning' | 'reasoning_details' | 'think-tags';

/** The delta that carries one piece of reasoning in `field`. */
export function reasoningDelta(field: Exclude<ReasoningField, 'think-tags'>, text: string): ChunkDelta {
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
  return { ...chunkHeader(identity), choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] };
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
  if (field === 'think-tags') {
    // Inline, as servers without a reasoning parser send it: the tags are ordinary content.
    const inline = reasoning.length ? ['<think>', ...reasoning, '</think>\n\n'] : [];
    for (const token of inline) events.push(sseEvent(chunkObject(identity, { content: token })));
  } else {
    for (const token of reasoning) events.push(sseEvent(chunkObject(identity, reasoningDelta(field, token))));
  }
  for (const token of options.tokens) events.push(sseEvent(chunkObject(identity, { content: token })));
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

/**
 * Splits text into token-like pieces (a word with its leading whitespace, or a run of punctuation),
 * so streams look like a model's output. Joining the pieces gives the text back exactly.
 */
export function splitIntoTokens(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}_]+|\s*[^\s\p{L}\p{N}_]+|\s+/gu) ?? [];
}

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
