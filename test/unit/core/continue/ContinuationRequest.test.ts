import * as assert from 'node:assert/strict';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import {
  CONTINUATION_PROBE_ORDER,
  buildContinuationRequest,
  continuationModeFor,
  isContinuationRefusal,
  isExactMode,
  type ContinuationRequest,
} from '../../../../src/core/continue/ContinuationRequest';
import type { ContinuationMode } from '../../../../src/core/stream/types';
import { nullLogger } from '../../../../src/core/log';
import { createOpenAiClient } from '../../../../src/core/provider/openAiClient';
import type { ChatMessage } from '../../../../src/core/stream/types';
import { OpenAiTestServer, type ResponseScript } from '../../../servers/openAiServer';

const conversation: ChatMessage[] = [
  { role: 'user', content: 'Write a CSV parser.' },
  { role: 'assistant', content: 'Which language?' },
  { role: 'user', content: 'Python.' },
];
const partial = "Here it is:\n\n```python\ndef parse(line):\n    retu";

describe('continuation requests', () => {
  it('vLLM: the partial as the final assistant message, continue_final_message and no generation prompt', () => {
    const request = buildContinuationRequest('continueFinalMessage', conversation, partial);
    assert.deepEqual(request.messages, [...conversation, { role: 'assistant', content: partial }]);
    assert.deepEqual(request.extraBody, { continue_final_message: true, add_generation_prompt: false });
    assert.equal(isExactMode(request.mode), true);
  });

  it('DeepSeek / Mistral: the final assistant message carries prefix: true, nothing else in the body', () => {
    const request = buildContinuationRequest('prefix', conversation, partial);
    assert.deepEqual(request.messages, [...conversation, { role: 'assistant', content: partial, prefix: true }]);
    assert.deepEqual(request.extraBody, {});
    assert.equal(isExactMode(request.mode), true);
  });

  it('fallback: the partial as an assistant message, then a user turn asking to continue exactly there', () => {
    const request = buildContinuationRequest('fallback', conversation, partial);
    assert.equal(request.messages.length, conversation.length + 2);
    assert.deepEqual(request.messages.slice(0, conversation.length + 1), [...conversation, { role: 'assistant', content: partial }]);
    const instruction = request.messages.at(-1);
    assert.equal(instruction?.role, 'user');
    assert.match(instruction?.content ?? '', /exact point where it stopped/);
    assert.match(instruction?.content ?? '', /Do not repeat anything/);
    assert.match(instruction?.content ?? '', /inside the open python code block: do not start a new code block/);
    assert.ok(request.messages.every((message) => !('prefix' in message)));
    assert.deepEqual(request.extraBody, {});
    assert.equal(isExactMode(request.mode), false);
  });

  it('fallback: the instruction says where the answer stopped (prose, unfenced code)', () => {
    const prose = buildContinuationRequest('fallback', conversation, 'The idea is to split on commas').messages.at(-1)?.content ?? '';
    assert.doesNotMatch(prose, /code block/);
    const code = buildContinuationRequest('fallback', conversation, 'import csv\n\ndef parse(line):\n    return').messages.at(-1)?.content ?? '';
    assert.match(code, /without a fence/);
  });

  it('does not change the conversation it was given', () => {
    const copy = structuredClone(conversation);
    for (const mode of CONTINUATION_PROBE_ORDER) buildContinuationRequest(mode, conversation, partial);
    assert.deepEqual(conversation, copy);
  });

  describe('probe order', () => {
    it('tries vLLM, then prefix, then the fallback on an unknown endpoint', () => {
      assert.deepEqual(CONTINUATION_PROBE_ORDER, ['continueFinalMessage', 'prefix', 'fallback']);
      const url = 'http://127.0.0.1:8000/v1';
      assert.equal(continuationModeFor(url), 'continueFinalMessage');
      assert.equal(continuationModeFor(url, new Set<ContinuationMode>(['continueFinalMessage'])), 'prefix');
      assert.equal(continuationModeFor(url, new Set<ContinuationMode>(['continueFinalMessage', 'prefix'])), 'fallback');
    });

    it('skips modes a known host does not have', () => {
      assert.equal(continuationModeFor('https://api.openai.com/v1'), 'fallback');
      assert.equal(continuationModeFor('https://myres.openai.azure.com/openai/deployments/x'), 'fallback');
      assert.equal(continuationModeFor('https://api.deepseek.com/beta'), 'prefix');
      assert.equal(continuationModeFor('https://api.deepseek.com/v1'), 'fallback');
      assert.equal(continuationModeFor('https://api.mistral.ai/v1'), 'prefix');
      assert.equal(continuationModeFor('https://api.mistral.ai/v1', new Set<ContinuationMode>(['prefix'])), 'fallback');
    });

    it('falls back to the probe order for a base URL that does not parse', () => {
      assert.equal(continuationModeFor('not a url'), 'continueFinalMessage');
    });
  });

  describe('over the wire, through the openai SDK, against a loopback server', () => {
    let server: OpenAiTestServer;
    before(async () => {
      server = await OpenAiTestServer.start();
    });
    after(async () => {
      await server.close();
    });
    beforeEach(() => server.reset());

    /** Sends the request as a provider would (extra fields merged into the body) and returns what it threw. */
    async function send(request: ContinuationRequest, script: ResponseScript): Promise<unknown> {
      server.enqueue(script);
      const client = createOpenAiClient({ baseUrl: server.baseUrl, logger: nullLogger });
      // The SDK's message type has no `prefix`: the body is built as the servers that know it expect it.
      const body = { model: 'loopback', stream: true, messages: request.messages, ...request.extraBody } as ChatCompletionCreateParamsStreaming;
      try {
        for await (const chunk of await client.chat.completions.create(body)) void chunk;
        return undefined;
      } catch (error) {
        return error;
      }
    }

    it('sends the fields of each mode as the servers document them', async () => {
      for (const mode of CONTINUATION_PROBE_ORDER) {
        server.reset();
        assert.equal(await send(buildContinuationRequest(mode, conversation, partial), { type: 'stream', text: 'rn x' }), undefined);
        const body = server.requests[0].body as { messages: Record<string, unknown>[]; continue_final_message?: unknown; add_generation_prompt?: unknown };
        const last = mode === 'fallback' ? body.messages.at(-2) : body.messages.at(-1);
        assert.deepEqual(last, mode === 'prefix' ? { role: 'assistant', content: partial, prefix: true } : { role: 'assistant', content: partial }, mode);
        assert.equal(body.continue_final_message, mode === 'continueFinalMessage' ? true : undefined, mode);
        assert.equal(body.add_generation_prompt, mode === 'continueFinalMessage' ? false : undefined, mode);
      }
    });

    it('recognises a 400 or 422 naming the field of the mode', async () => {
      const request = buildContinuationRequest('continueFinalMessage', conversation, partial);
      const unknownArgument = await send(request, { type: 'error', status: 400, message: 'Unrecognized request argument supplied: continue_final_message' });
      assert.equal(isContinuationRefusal('continueFinalMessage', unknownArgument), true);
      // A FastAPI-style validation error (no `error` object), as strict servers answer unknown fields.
      const validation = await send(request, {
        type: 'error',
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({ detail: [{ type: 'extra_forbidden', loc: ['body', 'add_generation_prompt'], msg: 'Extra inputs are not permitted' }] }),
      });
      assert.equal(isContinuationRefusal('continueFinalMessage', validation), true);
      const prefix = await send(buildContinuationRequest('prefix', conversation, partial), {
        type: 'error',
        status: 400,
        message: "messages[3]: unknown field 'prefix'",
      });
      assert.equal(isContinuationRefusal('prefix', prefix), true);
    });

    it('recognises a server that cannot prefill an assistant message at all', async () => {
      const error = await send(buildContinuationRequest('prefix', conversation, partial), {
        type: 'error',
        status: 400,
        message: 'Assistant response prefill is incompatible with enable_thinking.',
      });
      assert.equal(isContinuationRefusal('continueFinalMessage', error), true);
      assert.equal(isContinuationRefusal('prefix', error), true);
    });

    it('does not take other failures for a refusal', async () => {
      const request = buildContinuationRequest('continueFinalMessage', conversation, partial);
      const tooLong = await send(request, { type: 'error', status: 400, message: "This model's maximum context length is 8192 tokens." });
      assert.equal(isContinuationRefusal('continueFinalMessage', tooLong), false);
      const crashed = await send(request, { type: 'error', status: 500, message: 'continue_final_message crashed' });
      assert.equal(isContinuationRefusal('continueFinalMessage', crashed), false);
      const otherField = await send(request, { type: 'error', status: 400, message: 'continue_final_message is not supported' });
      assert.equal(isContinuationRefusal('prefix', otherField), false);
      assert.equal(isContinuationRefusal('fallback', otherField), false);
    });
  });

  it('reads a refusal from a plain object with status and message, and from nothing else', () => {
    assert.equal(isContinuationRefusal('prefix', { status: 422, message: 'prefix is not allowed' }), true);
    assert.equal(isContinuationRefusal('prefix', { status: 422, error: { detail: 'prefix: extra field' } }), true);
    assert.equal(isContinuationRefusal('prefix', new Error('prefix')), false);
    assert.equal(isContinuationRefusal('prefix', undefined), false);
  });
});
