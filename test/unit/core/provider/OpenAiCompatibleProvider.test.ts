import * as assert from 'node:assert/strict';
import { EndpointCapabilities } from '../../../../src/core/provider/EndpointCapabilities';
import { consumeStream } from '../../../../src/core/stream/collect';
import { useLoopbackProvider } from '../../../support/loopbackProvider';
import { OpenAiTestServer } from '../../../servers/openAiServer';
import { buildChatStreamBody, splitBytesAt } from '../../../servers/sse';

const API_KEY = 'sk-test-SECRETSECRETSECRET1234';

describe('OpenAiCompatibleProvider against a real loopback server', () => {
  const suite = useLoopbackProvider();
  const { provider, run } = suite;

  it('streams a normal answer, sends the request the protocol expects, and reports server usage', async () => {
    suite.server.enqueue({ type: 'stream', text: 'Hello, world! How are you today?', headers: { 'x-request-id': 'req_abc123' } });
    const { result, events } = await run(provider({ systemPrompt: 'Be brief.', temperature: 0.2, maxTokens: 50, requestHeaders: { 'X-Extra': 'yes' } }));
    assert.equal(result.text, 'Hello, world! How are you today?');
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.error, undefined);
    assert.equal(result.usage?.estimated, false);
    assert.equal(result.usage?.completionTokens, events.filter((e) => e.type === 'delta').length);
    const [req] = suite.server.requests;
    const body = req!.body as Record<string, unknown>;
    assert.equal(req!.url, '/v1/chat/completions');
    assert.equal(body['model'], 'loopback-small');
    assert.equal(body['stream'], true);
    assert.deepEqual(body['stream_options'], { include_usage: true });
    assert.equal(body['temperature'], 0.2);
    assert.equal(body['max_tokens'], 50);
    assert.deepEqual(body['messages'], [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Write hello world' },
    ]);
    assert.equal(req!.headers['x-extra'], 'yes');
    assert.ok(events.some((e) => e.type === 'usage'));
    const logLine = suite.logger.lines.find((l) => l.includes('finish=stop'));
    assert.ok(logLine?.includes('[abc123]'), `request id from x-request-id in ${logLine}`);
    assert.match(logLine!, /model=loopback-small status=200 .*ttft=\d+ms total=\d+ms tokens=\d+/);
  });

  it('merges a request\'s extra body fields and a prefix flag into the body, never over its own fields', async () => {
    suite.server.enqueue({ type: 'stream', text: 'rest' });
    const messages = [
      { role: 'user' as const, content: 'q' },
      { role: 'assistant' as const, content: 'partial', prefix: true as const },
    ];
    const extraBody = { continue_final_message: true, add_generation_prompt: false, model: 'other', stream: false };
    const result = await consumeStream(provider({ systemPrompt: '' }).stream({ messages, extraBody }, new AbortController().signal));
    assert.equal(result.text, 'rest');
    const body = suite.server.requests[0]!.body as Record<string, unknown>;
    assert.equal(body['continue_final_message'], true);
    assert.equal(body['add_generation_prompt'], false);
    assert.equal(body['model'], 'loopback-small');
    assert.equal(body['stream'], true);
    assert.deepEqual(body['messages'], [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'partial', prefix: true },
    ]);
  });

  it('sends no system message when the system prompt is empty', async () => {
    suite.server.enqueue({ type: 'stream', text: 'ok' });
    await run(provider({ systemPrompt: '   ' }));
    assert.deepEqual((suite.server.requests[0]!.body as { messages: unknown }).messages, [{ role: 'user', content: 'Write hello world' }]);
  });

  it('passes a fenced answer through unchanged', async () => {
    const fenced = '```ts\nconst x = 1;\n```\n';
    suite.server.enqueue({ type: 'stream', tokens: ['``', '`ts\nconst', ' x = 1;', '\n``', '`\n'] });
    const { result } = await run(provider());
    assert.equal(result.text, fenced);
  });

  it('reassembles a stream split at every byte position (multi-byte UTF-8, CRLF, comments, empty events)', async function () {
    this.timeout(120_000);
    const identity = { id: 'chatcmpl-x', model: 'm', created: 1 };
    const tokens = ['héllo ', '世界', ' 🎉', '\n```'];
    const expected = tokens.join('');
    // CRLF line ends, a comment line and an empty event between chunks.
    const body = `: keep-alive comment\r\n\r\n${buildChatStreamBody({ identity, tokens }).replace(/\n/g, '\r\n')}`.replace(
      'data: [DONE]',
      ':\r\n\r\ndata: [DONE]',
    );
    const bytes = new TextEncoder().encode(body);
    const p = provider();
    for (let cut = 1; cut < bytes.length; cut++) {
      suite.server.enqueue({ type: 'raw', chunks: splitBytesAt(bytes, [cut, cut + 7]) });
      const { result } = await run(p);
      assert.equal(result.text, expected, `split at byte ${cut}`);
      assert.equal(result.finishReason, 'stop', `split at byte ${cut}`);
    }
  });

  it('streams a 20,000-token burst with every delta, the text and the usage exact', async () => {
    const tokens = Array.from({ length: 20_000 }, (_, i) => (i % 17 === 0 ? `\nline${i}` : ` tok${i}`));
    suite.server.enqueue({ type: 'stream', tokens });
    const { result, events } = await run(provider());
    assert.equal(result.text, tokens.join(''));
    assert.equal(result.finishReason, 'stop');
    assert.equal(events.filter((e) => e.type === 'delta').length, 20_000);
    assert.equal(result.usage?.completionTokens, 20_000);
  });

  it('finishes with a streamError when the server sends an error event mid-stream, keeping the text', async () => {
    suite.server.enqueue({ type: 'stream', tokens: ['one', ' two', ' three'], errorAfterTokens: { after: 2, message: 'The model overloaded.' } });
    const { result } = await run(provider());
    assert.equal(result.text, 'one two');
    assert.equal(result.finishReason, 'error');
    assert.equal(result.error?.kind, 'streamError');
    assert.match(result.error!.message, /The model overloaded/);
    assert.equal(suite.server.requests.length, 1, 'no retry after text');
  });

  it('keeps partial text and reports "interrupted" when the connection is cut mid-stream', async () => {
    const tokens = Array.from({ length: 50 }, (_, i) => ` w${i}`);
    suite.server.enqueue({ type: 'stream', tokens, cutAfterBytes: 2500 });
    const { result } = await run(provider());
    assert.equal(result.finishReason, 'error');
    assert.equal(result.error?.kind, 'interrupted');
    assert.ok(result.text.length > 0, 'some text arrived');
    assert.ok(tokens.join('').startsWith(result.text), 'text is a prefix of the answer');
    assert.ok(result.text.length < tokens.join('').length);
    assert.equal(result.usage?.estimated, true, 'no usage chunk: estimated');
    assert.equal(suite.server.requests.length, 1, 'never retried after the first token');
  });

  it('reports "interrupted" when the stream ends cleanly without finish_reason or [DONE]', async () => {
    suite.server.enqueue({ type: 'stream', text: 'half an answer', finishReason: null, done: false, usage: 'never' });
    const { result } = await run(provider());
    assert.equal(result.text, 'half an answer');
    assert.equal(result.error?.kind, 'interrupted');
  });

  it('times out when headers arrive and then nothing, naming the setting, and closes the socket', async () => {
    suite.server.enqueue({ type: 'silent' });
    const { result } = await run(provider({ idleTimeoutSeconds: 0.3, maxRetries: 0 }));
    assert.equal(result.finishReason, 'error');
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error!.message, /0\.3 seconds/);
    assert.match(result.error!.message, /tokenStream\.idleTimeoutSeconds/);
    await suite.server.requests[0]!.closed;
    assert.equal(suite.server.requests[0]!.closedByClient, true);
  });

  it('times out when text stops arriving mid-stream, keeping the text', async () => {
    suite.server.enqueue({ type: 'stream', tokens: ['a', 'b'], finishReason: null, done: false, usage: 'never', keepOpen: true });
    const { result } = await run(provider({ idleTimeoutSeconds: 0.3, maxRetries: 0 }));
    assert.equal(result.error?.kind, 'timeout');
    assert.equal(result.text, 'ab');
    await suite.server.requests[0]!.closed;
    assert.equal(suite.server.requests[0]!.closedByClient, true);
  });

  it('retries a 429 honouring Retry-After, then succeeds', async () => {
    suite.server.enqueue({ type: 'error', status: 429, message: 'Slow down', errorType: 'rate_limit_error', headers: { 'retry-after': '0' } });
    suite.server.enqueue({ type: 'stream', text: 'after the wait' });
    const { result } = await run(provider());
    assert.equal(result.text, 'after the wait');
    assert.equal(result.finishReason, 'stop');
    assert.equal(suite.server.requests.length, 2);
    assert.ok(suite.logger.lines.some((l) => /retry 1\/2 in 0 ms/.test(l)), suite.logger.lines.join('\n'));
  });

  it('retries a 500 then succeeds; gives up after maxRetries with a rate-limit error', async () => {
    suite.server.enqueue({ type: 'error', status: 500, message: 'boom' }, { type: 'stream', text: 'recovered' });
    assert.equal((await run(provider())).result.text, 'recovered');
    suite.server.reset();
    suite.server.setHandler(() => ({ type: 'error', status: 429, message: 'Too many', headers: { 'retry-after-ms': '1' } }));
    const { result } = await run(provider({ maxRetries: 2 }));
    assert.equal(suite.server.requests.length, 3);
    assert.equal(result.error?.kind, 'rateLimited');
    assert.equal(result.error?.action, 'retry');
    assert.match(result.error!.message, /after 2 retries/);
  });

  it('retries a connection dropped before any byte', async () => {
    suite.server.enqueue({ type: 'hangUp' }, { type: 'stream', text: 'second try' });
    const { result } = await run(provider());
    assert.equal(result.text, 'second try');
    assert.equal(suite.server.requests.length, 2);
  });

  it('does not retry 401, asks for a key, and never shows or logs the key', async () => {
    suite.server.setHandler((req) => ({ type: 'error', status: 401, message: `Incorrect API key provided: ${String(req.headers.authorization).slice(7)}`, code: 'invalid_api_key' }));
    const { result } = await run(provider({ apiKey: API_KEY }));
    assert.equal(suite.server.requests.length, 1);
    assert.equal(suite.server.requests[0]!.headers.authorization, `Bearer ${API_KEY}`);
    assert.equal(result.error?.kind, 'auth');
    assert.equal(result.error?.action, 'setApiKey');
    assert.equal(result.error?.status, 401);
    assert.match(result.error!.message, /rejected the API key/);
    assert.ok(!result.error!.message.includes(API_KEY), result.error!.message);
    assert.ok(!result.error!.message.includes('SECRETSECRET'), result.error!.message);
    for (const line of suite.logger.lines) assert.ok(!line.includes('SECRETSECRET'), line);
  });

  it('maps a 404 for the model to selectModel', async () => {
    suite.server.enqueue({ type: 'error', status: 404, message: 'The model `nope` does not exist', code: 'model_not_found' });
    const { result } = await run(provider({ model: 'nope' }));
    assert.equal(suite.server.requests.length, 1);
    assert.equal(result.error?.kind, 'modelNotFound');
    assert.equal(result.error?.action, 'selectModel');
    assert.equal(result.error?.message, `Model "nope" was not found at ${suite.server.baseUrl}.`);
  });

  it('shows the status and first line of a 502 HTML page, never HTML', async () => {
    const page = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
    suite.server.setHandler(() => ({ type: 'error', status: 502, body: page }));
    const { result } = await run(provider({ maxRetries: 1 }));
    assert.equal(suite.server.requests.length, 2, '5xx is retried');
    assert.equal(result.error?.kind, 'server');
    assert.equal(result.error?.status, 502);
    assert.match(result.error!.message, /HTTP 502.*502 Bad Gateway/);
    assert.ok(!/[<>]/.test(result.error!.message), result.error!.message);
  });

  it('retries without stream_options when the server rejects it, and remembers that per endpoint', async () => {
    const capabilities = new EndpointCapabilities();
    suite.server.setHandler((req) =>
      (req.body as { stream_options?: unknown }).stream_options
        ? { type: 'error', status: 400, message: "Unrecognized request argument supplied: stream_options" }
        : { type: 'stream', text: 'no usage here' },
    );
    const first = await run(provider({ capabilities }));
    assert.equal(first.result.text, 'no usage here');
    assert.equal(first.result.usage?.estimated, true, 'usage estimated without the usage chunk');
    assert.ok(first.result.usage!.completionTokens > 0);
    assert.equal(suite.server.requests.length, 2);
    assert.ok('stream_options' in (suite.server.requests[0]!.body as object));
    assert.ok(!('stream_options' in (suite.server.requests[1]!.body as object)));
    assert.equal(capabilities.rejectsStreamOptions(`${suite.server.baseUrl}/`), true);

    const second = await run(provider({ capabilities }));
    assert.equal(second.result.text, 'no usage here');
    assert.equal(suite.server.requests.length, 3);
    assert.ok(!('stream_options' in (suite.server.requests[2]!.body as object)), 'the second stream does not send it');
  });

  it('sends a predicted output; without it when the server refuses the field, remembered per endpoint and model', async () => {
    const capabilities = new EndpointCapabilities();
    const request = { messages: [{ role: 'user' as const, content: 'Rename x to count' }], prediction: 'let x = 1;\n' };
    suite.server.enqueue({ type: 'stream', text: 'let count = 1;\n' });
    const accepted = await run(provider({ capabilities }), undefined, request);
    assert.equal(accepted.result.text, 'let count = 1;\n');
    assert.deepEqual((suite.server.requests[0]!.body as { prediction?: unknown }).prediction, { type: 'content', content: 'let x = 1;\n' });
    assert.equal(capabilities.rejectsPrediction(suite.server.baseUrl, 'loopback-small'), false);

    suite.server.reset();
    suite.server.refuseField('prediction');
    suite.server.setHandler(() => ({ type: 'stream', text: 'let count = 1;\n' }));
    const refused = await run(provider({ capabilities }), undefined, request);
    assert.equal(refused.result.finishReason, 'stop');
    assert.equal(refused.result.text, 'let count = 1;\n');
    assert.equal(suite.server.requests.length, 2, 'one retry without the field');
    assert.ok('prediction' in (suite.server.requests[0]!.body as object));
    assert.ok(!('prediction' in (suite.server.requests[1]!.body as object)));
    assert.ok('stream_options' in (suite.server.requests[1]!.body as object), 'only the refused field is dropped');
    assert.equal(capabilities.rejectsPrediction(`${suite.server.baseUrl}/`, 'loopback-small'), true);
    assert.ok(suite.logger.lines.some((line) => /rejects predicted outputs/.test(line)));

    await run(provider({ capabilities }), undefined, request);
    assert.equal(suite.server.requests.length, 3);
    assert.ok(!('prediction' in (suite.server.requests[2]!.body as object)), 'the next request of that model does not send it');
    await run(provider({ capabilities, model: 'loopback-large' }), undefined, request);
    assert.equal(suite.server.requests.length, 5, 'another model of the endpoint is asked again');
    assert.ok('prediction' in (suite.server.requests[3]!.body as object));
  });

  it('sends no prediction field when the request has none', async () => {
    suite.server.enqueue({ type: 'stream', text: 'ok' });
    await run(provider());
    assert.ok(!('prediction' in (suite.server.requests[0]!.body as object)));
  });

  it('cancels before the first byte: the server sees the socket close, finish is cancelled', async () => {
    suite.server.enqueue({ type: 'silent' });
    const controller = new AbortController();
    const done = run(provider(), controller.signal);
    await suite.server.waitForRequests(1);
    controller.abort();
    const { result } = await done;
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(result.error, undefined);
    await suite.server.requests[0]!.closed;
    assert.equal(suite.server.requests[0]!.closedByClient, true);
  });

  it('cancels mid-stream: partial text kept, the server sees the socket close', async () => {
    suite.server.enqueue({ type: 'stream', tokens: Array.from({ length: 400 }, (_, i) => ` t${i}`), delayMs: 10 });
    const controller = new AbortController();
    let deltas = 0;
    const result = await consumeStream(provider().stream({ messages: [{ role: 'user', content: 'go' }] }, controller.signal), () => {
      deltas += 1;
      if (deltas === 3) controller.abort();
    });
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(result.error, undefined);
    assert.ok(result.text.startsWith(' t0 t1 t2'));
    await suite.server.requests[0]!.closed;
    assert.equal(suite.server.requests[0]!.closedByClient, true);
    assert.equal(suite.server.requests[0]!.responseEnded, false);
  });

  it('cancels during a backoff wait without another request', async () => {
    suite.server.setHandler(() => ({ type: 'error', status: 503, message: 'busy', headers: { 'retry-after': '15' } }));
    const controller = new AbortController();
    const backingOff = suite.logger.next((line) => /retry 1\/2 in 15000 ms/.test(line));
    const done = run(provider(), controller.signal);
    await backingOff;
    controller.abort();
    const { result } = await done;
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(suite.server.requests.length, 1);
  });

  it('finishes cancelled at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { result } = await run(provider(), controller.signal);
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(suite.server.requests.length, 0);
  });

  it('reports length as the finish reason', async () => {
    suite.server.enqueue({ type: 'stream', text: 'cut short', finishReason: 'length' });
    assert.equal((await run(provider())).result.finishReason, 'length');
  });

  it('emits metrics during the stream and in the finish event', async () => {
    suite.server.enqueue({ type: 'stream', tokens: Array.from({ length: 30 }, (_, i) => ` m${i}`), delayMs: 2 });
    const { result, events } = await run(provider({}, { metricsIntervalMs: 0 }));
    const metrics = events.filter((e) => e.type === 'metrics');
    assert.ok(metrics.length > 0);
    assert.ok(result.metrics);
    assert.ok(result.metrics.timeToFirstTokenMs !== undefined && result.metrics.timeToFirstTokenMs >= 0);
    assert.ok(result.metrics.elapsedMs >= result.metrics.timeToFirstTokenMs);
    assert.equal(result.metrics.completionTokens, 30);
    assert.equal(result.metrics.estimated, false);
  });

  it('keeps the reasoning of a model whose template opens it out of the text: known by the name asked for, the name served, or one lone </think>', async () => {
    const reasoning = ['Okay,', ' the user', ' wants hello.'];
    const shape = { type: 'stream', text: 'print("hello")\n', reasoning: { tokens: reasoning, field: 'opened-think' } } as const;
    const capabilities = new EndpointCapabilities();
    // By the name asked for.
    suite.server.enqueue(shape);
    const byName = await run(provider({ model: 'deepseek-r1:14b', capabilities }));
    assert.deepEqual([byName.result.text, byName.result.reasoning], ['print("hello")\n', 'Okay, the user wants hello.\n']);
    // By the name the server gives in its chunks (an alias asked for).
    suite.server.enqueue({ ...shape, model: 'Qwen/QwQ-32B' });
    const served = await run(provider({ model: 'house-reasoner', capabilities }));
    assert.deepEqual([served.result.text, served.result.reasoning], ['print("hello")\n', 'Okay, the user wants hello.\n']);
    // Neither: the first answer keeps the reasoning as text (the tag dropped), the next does not.
    suite.server.enqueue(shape, shape);
    const first = await run(provider({ model: 'loopback-small', capabilities }));
    assert.equal(first.result.text, 'Okay, the user wants hello.\nprint("hello")\n');
    assert.ok(suite.logger.lines.some((line) => /loopback-small at .* lone <\/think>/.test(line)), 'the lesson is logged');
    const next = await run(provider({ model: 'loopback-small', capabilities }));
    assert.deepEqual([next.result.text, next.result.reasoning], ['print("hello")\n', 'Okay, the user wants hello.\n']);
    assert.equal(capabilities.opensReasoning(suite.server.baseUrl, 'loopback-small'), true);
  });

  it('sends reasoning_effort when it is set, and nothing when it is not', async () => {
    suite.server.enqueue({ type: 'stream', text: 'a' }, { type: 'stream', text: 'b' });
    await run(provider({ reasoningEffort: 'low' }));
    await run(provider());
    assert.equal((suite.server.requests[0]!.body as { reasoning_effort?: string }).reasoning_effort, 'low');
    assert.ok(!('reasoning_effort' in (suite.server.requests[1]!.body as object)));
  });

  it('counts reasoning as output: no retry after it, and what arrived is kept', async () => {
    const reasoning = Array.from({ length: 60 }, (_, i) => ` step ${i}`);
    suite.server.enqueue({ type: 'stream', text: 'never sent', reasoning: { tokens: reasoning }, cutAfterBytes: 3000 });
    const { result } = await run(provider({ maxRetries: 2 }));
    assert.equal(suite.server.requests.length, 1, 'not retried after reasoning arrived');
    assert.equal(result.error?.kind, 'interrupted');
    assert.ok(result.reasoning && reasoning.join('').startsWith(result.reasoning), result.reasoning);
    assert.equal(result.text, '');
  });

  it('takes reasoning for life: a model that thinks longer than the idle timeout is not stopped', async () => {
    suite.server.enqueue({ type: 'stream', text: 'answer', reasoning: { tokens: Array.from({ length: 10 }, (_, i) => ` thought ${i}`) }, delayMs: 100 });
    const { result } = await run(provider({ idleTimeoutSeconds: 0.3, maxRetries: 0 }));
    assert.deepEqual([result.text, result.finishReason], ['answer', 'stop']);
    assert.ok((result.metrics?.timeToFirstTokenMs ?? 0) > 1000, 'the answer came after a second of reasoning');
  });

  it('reports a refused connection in words', async () => {
    const closed = await OpenAiTestServer.start();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const { result } = await run(provider({ baseUrl, maxRetries: 0 }));
    assert.equal(result.error?.kind, 'connection');
    assert.equal(result.error?.message, `Cannot reach ${baseUrl}: is the server running?`);
  });
});
