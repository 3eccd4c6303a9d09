/**
 * Reading OpenAI-compatible answers as servers really send them: the first choice only (n > 1
 * interleaves the others), reasoning from whichever field the server uses, finish reasons that are not
 * answers, and a whole `chat.completion` from a server that ignored `stream: true`.
 */
import type { ProviderEvent, Usage } from '../stream/types';

interface WireChoice {
  readonly index?: number;
  readonly finish_reason?: string | null;
}

interface WireUsage {
  readonly prompt_tokens?: number;
  readonly completion_tokens?: number;
  readonly total_tokens?: number;
}

/** Choice 0. A server asked for (or defaulting to) several answers sends each chunk for one index. */
export function firstChoice<T extends WireChoice>(choices: readonly T[] | null | undefined): T | undefined {
  if (!choices) return undefined;
  for (const choice of choices) if ((choice.index ?? 0) === 0) return choice;
  return undefined;
}

/**
 * The reasoning in a delta (or a whole message): `reasoning_content` (DeepSeek, older vLLM), `reasoning`
 * (vLLM, Ollama's /v1, OpenRouter) or `reasoning_details[].text` (OpenRouter). Only one of them counts:
 * OpenRouter sends the same text in `reasoning` and in `reasoning_details`.
 */
export function reasoningOf(part: unknown): string {
  if (!part || typeof part !== 'object') return '';
  const fields = part as { reasoning_content?: unknown; reasoning?: unknown; reasoning_details?: unknown };
  if (typeof fields.reasoning_content === 'string' && fields.reasoning_content) return fields.reasoning_content;
  if (typeof fields.reasoning === 'string' && fields.reasoning) return fields.reasoning;
  if (!Array.isArray(fields.reasoning_details)) return '';
  let text = '';
  for (const detail of fields.reasoning_details as unknown[]) {
    if (!detail || typeof detail !== 'object') continue;
    const { text: value, summary } = detail as { text?: unknown; summary?: unknown };
    if (typeof value === 'string') text += value;
    else if (typeof summary === 'string') text += summary;
  }
  return text;
}

/** Server usage in our terms; undefined when the numbers are missing. */
export function usageOf(usage: WireUsage | null | undefined): Usage | undefined {
  if (!usage || typeof usage.completion_tokens !== 'number') return undefined;
  return {
    ...(typeof usage.prompt_tokens === 'number' ? { promptTokens: usage.prompt_tokens } : {}),
    completionTokens: usage.completion_tokens,
    ...(typeof usage.total_tokens === 'number' ? { totalTokens: usage.total_tokens } : {}),
    estimated: false,
  };
}

/** What a `finish_reason` says about the answer. Servers invent their own ('eos', 'end_turn'): an end. */
export type FinishMeaning = 'stop' | 'length' | 'contentFilter' | 'toolCall';

export function meaningOf(finishReason: string): FinishMeaning {
  switch (finishReason) {
    case 'length':
      return 'length';
    case 'content_filter':
      return 'contentFilter';
    case 'tool_calls':
    case 'function_call':
      return 'toolCall';
    default:
      return 'stop';
  }
}

/** A whole answer, as a server that does not stream sends it. */
export interface WholeCompletion {
  readonly events: readonly ProviderEvent[];
  readonly finishReason: string | undefined;
}

/**
 * Reads a `chat.completion` body (JSON text): its reasoning, content and usage as events, and its finish
 * reason. Undefined when the text is not a chat completion. An `error` object is returned as such.
 */
export function parseWholeCompletion(body: string): WholeCompletion | { readonly error: string } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object') return undefined;
  const { choices, usage, error } = json as { choices?: unknown; usage?: WireUsage; error?: unknown };
  if (error && typeof error === 'object') {
    const message = (error as { message?: unknown }).message;
    return { error: typeof message === 'string' && message ? message : JSON.stringify(error) };
  }
  if (!Array.isArray(choices)) return undefined;
  const choice = firstChoice(choices as (WireChoice & { message?: { content?: unknown } })[]);
  const events: ProviderEvent[] = [];
  const reasoning = reasoningOf(choice?.message);
  if (reasoning) events.push({ type: 'reasoning', text: reasoning });
  const content = choice?.message?.content;
  if (typeof content === 'string' && content) events.push({ type: 'text', text: content });
  const reported = usageOf(usage);
  if (reported) events.push({ type: 'usage', usage: reported });
  return { events, finishReason: choice?.finish_reason ?? undefined };
}
