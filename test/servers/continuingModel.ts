/**
 * A model with one known answer (what it says at temperature 0), served by the loopback server, that
 * stops at a token limit and continues a cut answer the way each kind of server does:
 *
 *   const model = new ContinuingModel({ answer, kind: 'prefill', maxTokens: 20 });
 *   server.setHandler(model.handler);
 *
 * - Every request that does not continue a cut of the answer gets the answer from its start.
 * - `max_tokens` in the request (or the model's own `maxTokens`) cuts each reply after that many tokens
 *   with `finish_reason: length`.
 * - `prefill` (vLLM): `continue_final_message: true` with `add_generation_prompt: false` continues the
 *   final assistant message exactly (both true is a 400, as vLLM answers). A `prefix` flag is ignored.
 * - `prefix` (DeepSeek's /beta, Mistral): `prefix: true` on the final assistant message continues it
 *   exactly. `continue_final_message` is ignored, as unknown fields are by most servers.
 * - `refusing` (OpenAI and strict servers): `continue_final_message` / `add_generation_prompt` get a 400
 *   naming them, a message `prefix` a 422 naming it.
 * - `plain` (and every request a kind does not honour): a cut answer followed by anything is answered
 *   anew the way chat models do it: an optional preamble, the code block re-opened with its fence and
 *   language, and the line before the cut repeated with the cut line, then the rest.
 * The first answer can also break after some tokens (an error event, or the server hanging up).
 */
import type { RecordedRequest, ResponseScript, ScriptHandler } from './openAiServer';
import { splitIntoTokens } from './sse';

export type ContinuationServerKind = 'prefill' | 'prefix' | 'refusing' | 'plain';

/** How a request was answered: the first answer, an exact continuation per mode, a refusal, or anew. */
export type HandledAs = 'answer' | 'continueFinalMessage' | 'prefix' | 'refused' | 'plain';

export interface ContinuingModelOptions {
  /** The whole answer the model gives. */
  readonly answer: string;
  readonly kind: ContinuationServerKind;
  /** Tokens per reply when the request sends no `max_tokens` (a limit configured on the server). */
  readonly maxTokens?: number;
  /** Wait before each chunk, in ms. */
  readonly delayMs?: number;
  /** The first answer breaks after this many tokens: an SSE error event, or the server hangs up. */
  readonly breakFirstAnswer?: { readonly afterTokens: number; readonly how: 'errorEvent' | 'hangUp' };
  /** What a `plain` reply says before it re-opens the block. */
  readonly preamble?: string;
  /** Every continuation sends this many tokens, then stays open and silent (to stop it while it runs). */
  readonly stallContinuationsAfter?: number;
}

interface WireMessage {
  readonly role?: unknown;
  readonly content?: unknown;
  readonly prefix?: unknown;
}

interface WireBody {
  readonly messages?: readonly WireMessage[];
  readonly max_tokens?: unknown;
  readonly continue_final_message?: unknown;
  readonly add_generation_prompt?: unknown;
}

export class ContinuingModel {
  /** How each chat-completion request was answered, in order. */
  readonly handled: HandledAs[] = [];
  /** The answer tokens each reply sent (what the server reports as completion_tokens), in order; refusals send none. */
  readonly sentTokens: number[] = [];

  constructor(private readonly options: ContinuingModelOptions) {}

  readonly handler: ScriptHandler = (request: RecordedRequest): ResponseScript => {
    const body = (request.body ?? {}) as WireBody;
    const messages = body.messages ?? [];
    const last = messages.at(-1);
    const lastIsAssistant = last?.role === 'assistant' && typeof last.content === 'string';
    const kind = this.options.kind;
    const limit = typeof body.max_tokens === 'number' ? body.max_tokens : this.options.maxTokens;

    if (kind === 'refusing') {
      const fields = ['continue_final_message', 'add_generation_prompt'].filter((field) => field in body);
      if (fields.length > 0) return this.refuse(400, `Unrecognized request arguments supplied: ${fields.join(', ')}`);
      const flagged = messages.findIndex((message) => 'prefix' in message);
      if (flagged >= 0) return this.refuse(422, `Extra inputs are not permitted: messages[${flagged}].prefix`);
    }
    if (kind === 'prefill' && body.continue_final_message === true && lastIsAssistant) {
      if (body.add_generation_prompt !== false) {
        return this.refuse(400, 'continue_final_message and add_generation_prompt cannot both be true.');
      }
      return this.exact('continueFinalMessage', String(last.content), limit);
    }
    if (kind === 'prefix' && lastIsAssistant && last.prefix === true) return this.exact('prefix', String(last.content), limit);

    // A cut answer in the conversation (the last answer, a start of the known one) is answered anew as chat
    // models do; anything else is a question, answered from the start.
    const cut = [...messages].reverse().find((message) => message.role === 'assistant');
    const partial = typeof cut?.content === 'string' ? cut.content : '';
    const answer = this.options.answer;
    if (partial === '' || partial.length >= answer.length || !answer.startsWith(partial)) {
      const first = !this.handled.includes('answer');
      return this.reply('answer', answer, limit, first ? this.options.breakFirstAnswer : undefined);
    }
    return this.reply('plain', ContinuingModel.plainReply(answer, partial, this.options.preamble), limit);
  };

  /**
   * What a chat model writes when asked to go on with `partial` (a start of `answer`) without a prefill:
   * inside a code block, the preamble, the block's opener line, then the answer again from the start of
   * the line before the cut line; elsewhere, the answer again from the start of the cut line.
   */
  static plainReply(answer: string, partial: string, preamble?: string): string {
    const cutLine = partial.lastIndexOf('\n') + 1;
    const opener = openFenceLine(partial);
    if (!opener) return answer.slice(cutLine);
    const lineBefore = cutLine === 0 ? 0 : partial.lastIndexOf('\n', cutLine - 2) + 1;
    const intro = preamble ? `${preamble}\n\n` : '';
    // The repeated lines would include the opener itself: the block starts over.
    if (lineBefore <= opener.start) return intro + answer.slice(opener.start);
    return `${intro}${opener.line}\n${answer.slice(lineBefore)}`;
  }

  private exact(as: HandledAs, partial: string, limit: number | undefined): ResponseScript {
    if (!this.options.answer.startsWith(partial)) return this.notMine();
    return this.reply(as, this.options.answer.slice(partial.length), limit);
  }

  private reply(as: HandledAs, text: string, limit: number | undefined, broken?: ContinuingModelOptions['breakFirstAnswer']): ResponseScript {
    this.handled.push(as);
    const tokens = splitIntoTokens(text);
    const pacing = this.options.delayMs ? { delayMs: this.options.delayMs } : {};
    const sent = broken && broken.afterTokens < tokens.length ? broken.afterTokens : limit !== undefined ? Math.min(limit, tokens.length) : tokens.length;
    this.sentTokens.push(sent);
    const stall = as !== 'answer' ? this.options.stallContinuationsAfter : undefined;
    if (stall !== undefined && stall < tokens.length) {
      this.sentTokens[this.sentTokens.length - 1] = stall;
      return { type: 'stream', tokens: tokens.slice(0, stall), finishReason: null, done: false, keepOpen: true, ...pacing };
    }
    if (broken && broken.afterTokens < tokens.length) {
      if (broken.how === 'errorEvent') {
        return { type: 'stream', tokens, errorAfterTokens: { after: broken.afterTokens, message: 'The model server restarted.' }, ...pacing };
      }
      return { type: 'stream', tokens: tokens.slice(0, broken.afterTokens), finishReason: null, done: false, usage: 'never', ...pacing };
    }
    if (limit !== undefined && tokens.length > limit) return { type: 'stream', tokens: tokens.slice(0, limit), finishReason: 'length', ...pacing };
    return { type: 'stream', tokens, ...pacing };
  }

  private refuse(status: number, message: string): ResponseScript {
    this.handled.push('refused');
    this.sentTokens.push(0);
    return { type: 'error', status, message, errorType: 'invalid_request_error' };
  }

  private notMine(): ResponseScript {
    this.handled.push('refused');
    this.sentTokens.push(0);
    return { type: 'error', status: 500, message: 'The partial answer sent is not a start of the known answer (the test sent something unexpected).' };
  }
}

/** The opener line of the block `text` ends inside (its complete lines open more blocks than they close). */
function openFenceLine(text: string): { readonly line: string; readonly start: number } | undefined {
  let open: { line: string; start: number } | undefined;
  let at = 0;
  for (const line of text.split('\n').slice(0, -1)) {
    if (/^ {0,3}```/.test(line)) open = open ? undefined : { line, start: at };
    at += line.length + 1;
  }
  return open;
}
