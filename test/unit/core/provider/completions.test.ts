import * as assert from 'node:assert/strict';
import { useLoopbackProvider } from '../../../support/loopbackProvider';

/** Reading answers as servers send them, through the provider and the stream stage, from the loopback server. */
describe('OpenAI-compatible answers as servers send them (completions)', () => {
  const suite = useLoopbackProvider();
  const { provider, run } = suite;
  const reasoning = ['The user wants', ' a greeting', ' in Python.'];
  const answer = '```python\nprint("hi")\n```\n';

  for (const field of ['reasoning_content', 'reasoning', 'reasoning_details', 'think-tags'] as const) {
    it(`reads reasoning from ${field === 'think-tags' ? 'inline <think> tags' : `delta.${field}`}, apart from the answer`, async () => {
      suite.server.enqueue({ type: 'stream', text: answer, reasoning: { tokens: reasoning, field } });
      const { result, events } = await run(provider());
      assert.equal(result.reasoning, reasoning.join(''));
      assert.equal(result.text, answer);
      assert.equal(result.finishReason, 'stop');
      for (const event of events) if (event.type === 'delta') assert.ok(!/wants|think/.test(event.text), event.text);
      const metrics = result.metrics!;
      assert.ok(metrics.timeToFirstReasoningMs !== undefined && metrics.timeToFirstTokenMs !== undefined);
      assert.ok(metrics.timeToFirstReasoningMs <= metrics.timeToFirstTokenMs, 'reasoning came first');
    });
  }

  it('counts reasoning as the same text once when OpenRouter sends it in reasoning and reasoning_details', async () => {
    const both = (text: string): string => JSON.stringify({ reasoning: text, reasoning_details: [{ type: 'reasoning.text', text }] });
    const chunk = (delta: string, finish: string | null = null): string =>
      `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":${delta},"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]}\n\n`;
    suite.server.enqueue({ type: 'raw', chunks: [chunk(both('Once.')), chunk('{"content":"ok"}'), chunk('{}', 'stop'), 'data: [DONE]\n\n'] });
    const { result } = await run(provider());
    assert.equal(result.reasoning, 'Once.');
    assert.equal(result.text, 'ok');
  });

  it('uses only choice 0 when several answers (n > 1) arrive interleaved', async () => {
    suite.server.enqueue({ type: 'stream', tokens: ['one', ' two'], otherChoices: [['uno', ' dos', ' tres'], ['eins']] });
    const { result } = await run(provider());
    assert.equal(result.text, 'one two');
    assert.equal(result.finishReason, 'stop', "the other answers' finish reasons are theirs");
  });

  it('reports the content filter when it stopped the answer, keeping the partial text', async () => {
    suite.server.enqueue({ type: 'stream', tokens: ['Here is', ' half'], finishReason: 'content_filter' });
    const { result } = await run(provider());
    assert.equal(result.finishReason, 'error');
    assert.equal(result.error?.kind, 'contentFilter');
    assert.match(result.error!.message, /content filter stopped the answer; the text received so far was kept/);
    assert.equal(result.text, 'Here is half');
  });

  for (const finishReason of ['tool_calls', 'function_call'] as const) {
    it(`says the model tried to call a tool when it finishes with ${finishReason}, keeping the partial text`, async () => {
      suite.server.enqueue({ type: 'stream', tokens: ['Let me look', ' that up.'], finishReason });
      const { result } = await run(provider());
      assert.equal(result.finishReason, 'error');
      assert.equal(result.error?.kind, 'toolCall');
      assert.match(result.error!.message, /tried to call a tool/);
      assert.equal(result.error?.action, 'selectModel');
      assert.equal(result.text, 'Let me look that up.');
    });
  }

  it('treats an unknown finish reason as the end of a complete answer', async () => {
    suite.server.enqueue({ type: 'raw', chunks: ['data: {"choices":[{"index":0,"delta":{"content":"done"},"finish_reason":null}]}\n\n', 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"eos"}]}\n\n'] });
    const { result } = await run(provider());
    assert.deepEqual([result.text, result.finishReason], ['done', 'stop']);
  });
});
