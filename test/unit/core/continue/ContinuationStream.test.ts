import * as assert from 'node:assert/strict';
import { ContinuationStream } from '../../../../src/core/continue/ContinuationStream';
import { EndpointCapabilities } from '../../../../src/core/provider/EndpointCapabilities';
import { consumeStream } from '../../../../src/core/stream/collect';
import type { ChatMessage, LlmProvider } from '../../../../src/core/stream/types';
import { useLoopbackProvider } from '../../../support/loopbackProvider';
import { ContinuingModel, type ContinuationServerKind } from '../../../servers/continuingModel';
import { CSV_PARSER_CODE } from '../../../servers/csvParserAnswer';

const QUESTION: ChatMessage[] = [{ role: 'user', content: 'Write a CSV line parser in Python.' }];
const ANSWER = ['Here is a small parser:', '', '```python', CSV_PARSER_CODE, '```', '', 'It splits on the separator.'].join('\n');

/** Fence lines of `joined` beyond those of the uncut answer. */
function extraFenceLines(joined: string): number {
  const fences = (text: string): number => text.split('\n').filter((line) => /^\s*```/.test(line)).length;
  return fences(joined) - fences(ANSWER);
}

describe('ContinuationStream: continuing a cut answer through the real provider', () => {
  const suite = useLoopbackProvider();

  function serve(kind: ContinuationServerKind, options: { maxTokens?: number; preamble?: string } = {}): ContinuingModel {
    const model = new ContinuingModel({ answer: ANSWER, kind, ...options });
    suite.server.setHandler(model.handler);
    return model;
  }

  /** The first answer, cut at `maxTokens`. */
  async function cutAnswer(provider: LlmProvider): Promise<string> {
    const result = await consumeStream(provider.stream({ messages: QUESTION }, new AbortController().signal));
    assert.equal(result.finishReason, 'length');
    assert.ok(ANSWER.startsWith(result.text) && result.text.length < ANSWER.length, 'a start of the answer');
    return result.text;
  }

  async function continueFrom(provider: LlmProvider, partial: string, signal = new AbortController().signal) {
    const stream = new ContinuationStream(provider, { conversation: QUESTION, partial, logger: suite.logger }, signal);
    const result = await consumeStream(stream);
    return { stream, result, joined: partial + result.text };
  }

  type Body = { messages: { role: string; content: string; prefix?: boolean }[]; continue_final_message?: boolean; add_generation_prompt?: boolean; max_tokens?: number };
  const bodyOf = (index: number): Body => suite.server.requests[index]!.body as Body;

  it('prefill server: continue_final_message with the partial as the final assistant message; the joined answer is byte-identical', async () => {
    const model = serve('prefill');
    const provider = suite.provider({ maxTokens: 30 });
    const partial = await cutAnswer(provider);
    const { stream, result, joined } = await continueFrom(suite.provider({ maxTokens: 500 }), partial);
    assert.equal(result.finishReason, 'stop');
    assert.equal(joined, ANSWER);
    assert.equal(stream.mode, 'continueFinalMessage');
    assert.deepEqual(stream.refused, []);
    assert.equal(stream.repairs?.prefillIgnored, false);
    const body = bodyOf(1);
    assert.equal(body.continue_final_message, true);
    assert.equal(body.add_generation_prompt, false);
    assert.deepEqual(body.messages.at(-1), { role: 'assistant', content: partial });
    assert.deepEqual(body.messages.slice(0, -1), QUESTION);
    assert.deepEqual(model.handled, ['answer', 'continueFinalMessage']);
  });

  it('continues again after a second cut, with the joined text as the partial, and the usage of each round', async () => {
    const model = serve('prefill', { maxTokens: 25 });
    const provider = suite.provider();
    let text = await cutAnswer(provider);
    let rounds = 0;
    let completion = 0;
    for (;;) {
      const { result, joined } = await continueFrom(provider, text);
      rounds++;
      completion += result.usage?.completionTokens ?? 0;
      assert.equal(result.usage?.estimated, false);
      text = joined;
      if (result.finishReason === 'stop') break;
      assert.equal(result.finishReason, 'length');
    }
    assert.equal(text, ANSWER);
    assert.ok(rounds >= 2, `${rounds} rounds`);
    assert.ok(completion > 0);
    assert.deepEqual(model.handled.slice(1), Array.from({ length: rounds }, () => 'continueFinalMessage'));
  });

  it('prefix server: an ignored continue_final_message is repaired and remembered; the next continuation sends prefix and is exact', async () => {
    const model = serve('prefix', { maxTokens: 40, preamble: 'Sure, here is the rest:' });
    const capabilities = new EndpointCapabilities();
    const provider = suite.provider({ capabilities });
    const partial = await cutAnswer(provider);
    const first = await continueFrom(suite.provider({ capabilities, maxTokens: 500 }), partial);
    assert.equal(first.stream.mode, 'continueFinalMessage');
    assert.equal(first.stream.repairs?.prefillIgnored, true);
    assert.equal(first.stream.repairs?.reopenedFence, true);
    assert.equal(first.joined, ANSWER, 'the reply was repaired like a fallback one');
    assert.equal(extraFenceLines(first.joined), 0);
    assert.ok(suite.logger.lines.some((line) => /does not continue answers in continueFinalMessage mode/.test(line)));

    const second = await continueFrom(suite.provider({ capabilities, maxTokens: 500 }), partial);
    assert.equal(second.stream.mode, 'prefix');
    assert.equal(second.joined, ANSWER);
    const body = bodyOf(suite.server.requests.length - 1);
    assert.deepEqual(body.messages.at(-1), { role: 'assistant', content: partial, prefix: true });
    assert.equal('continue_final_message' in body, false);
    assert.deepEqual(model.handled, ['answer', 'plain', 'prefix']);
  });

  it('refusing server: probes each mode once (400, then 422) within one continuation, then goes straight to the fallback', async () => {
    const model = serve('refusing', { maxTokens: 40 });
    const capabilities = new EndpointCapabilities();
    const partial = await cutAnswer(suite.provider({ capabilities }));
    const first = await continueFrom(suite.provider({ capabilities, maxTokens: 500 }), partial);
    assert.deepEqual(first.stream.refused, ['continueFinalMessage', 'prefix']);
    assert.equal(first.stream.mode, 'fallback');
    assert.equal(first.result.finishReason, 'stop');
    assert.equal(first.joined, ANSWER);
    assert.deepEqual(model.handled, ['answer', 'refused', 'refused', 'plain']);
    const fallback = bodyOf(3);
    assert.equal(fallback.messages.at(-2)?.content, partial);
    assert.equal(fallback.messages.at(-1)?.role, 'user');

    const requestsBefore = suite.server.requests.length;
    const second = await continueFrom(suite.provider({ capabilities, maxTokens: 500 }), partial);
    assert.equal(suite.server.requests.length, requestsBefore + 1, 'one request: the endpoint is known');
    assert.equal(second.stream.mode, 'fallback');
    assert.deepEqual(second.stream.refused, []);
    assert.equal(second.joined, ANSWER);
  });

  it('plain server: both exact modes are found ignored over two continuations, then the fallback is used; every join is repaired', async () => {
    const model = serve('plain', { maxTokens: 40 });
    const capabilities = new EndpointCapabilities();
    const partial = await cutAnswer(suite.provider({ capabilities }));
    const modes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { stream, joined } = await continueFrom(suite.provider({ capabilities, maxTokens: 500 }), partial);
      modes.push(stream.mode ?? '-');
      assert.equal(joined, ANSWER, `continuation ${i + 1}`);
    }
    assert.deepEqual(modes, ['continueFinalMessage', 'prefix', 'fallback']);
    assert.deepEqual(model.handled, ['answer', 'plain', 'plain', 'plain']);
  });

  it('fallback joins every cut inside the code block without a duplicated fence line', async () => {
    serve('plain');
    const capabilities = new EndpointCapabilities();
    capabilities.markContinuationRefused(suite.server.baseUrl, 'continueFinalMessage');
    capabilities.markContinuationRefused(suite.server.baseUrl, 'prefix');
    const provider = suite.provider({ capabilities });
    const start = ANSWER.indexOf('```python\n') + '```python\n'.length;
    const end = ANSWER.indexOf('\n```\n');
    let exact = 0;
    let cuts = 0;
    const misses: string[] = [];
    for (let at = start; at < end; at += 3) {
      const partial = ANSWER.slice(0, at);
      const { joined, stream } = await continueFrom(provider, partial);
      assert.equal(stream.mode, 'fallback');
      assert.equal(extraFenceLines(joined), 0, `cut at ${at}: ${JSON.stringify(joined)}`);
      cuts++;
      if (joined === ANSWER) exact++;
      else misses.push(JSON.stringify(partial.slice(-20)));
    }
    assert.ok(cuts >= 60, `${cuts} cuts`);
    assert.equal(exact, cuts, `joined exactly at ${exact} of ${cuts} cuts; missed after ${misses.join(', ')}`);
  });

  it('a cancel during a continuation ends it as cancelled, keeps what arrived and closes the socket', async () => {
    const model = new ContinuingModel({ answer: ANSWER, kind: 'prefill', stallContinuationsAfter: 8 });
    suite.server.setHandler(model.handler);
    const partial = ANSWER.slice(0, 60);
    const stop = new AbortController();
    const stream = new ContinuationStream(suite.provider(), { conversation: QUESTION, partial }, stop.signal);
    let received = '';
    const result = await consumeStream(stream, (text) => {
      received += text;
      stop.abort();
    });
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(received, result.text, 'what the sink saw is what the result keeps');
    assert.ok(ANSWER.startsWith(partial + result.text));
    assert.ok(result.text.length < ANSWER.length - partial.length);
    await suite.server.requests[0]!.closed;
    assert.equal(suite.server.requests[0]!.closedByClient, true);
  });

  it('an error that is not a refusal ends the continuation with that error, without trying another mode', async () => {
    suite.server.enqueue({ type: 'error', status: 401, message: 'Invalid API key' });
    const stream = new ContinuationStream(suite.provider(), { conversation: QUESTION, partial: ANSWER.slice(0, 50) }, new AbortController().signal);
    const result = await consumeStream(stream);
    assert.equal(result.finishReason, 'error');
    assert.equal(result.error?.kind, 'auth');
    assert.equal(suite.server.requests.length, 1);
    assert.deepEqual(stream.refused, []);
  });
});
