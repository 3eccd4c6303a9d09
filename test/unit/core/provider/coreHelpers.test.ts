import * as assert from 'node:assert/strict';
import { APIConnectionError, APIError } from 'openai';
import { endpointOrigin, isLoopbackUrl, resolveApiKey, validateBaseUrl, type ApiKeyStore } from '../../../../src/core/provider/apiKeys';
import { firstLineOfPage, httpError, idleTimeoutError, toStreamError } from '../../../../src/core/provider/errors';
import { listModels, ProviderError } from '../../../../src/core/provider/models';
import { OpenAiCompatibleProvider } from '../../../../src/core/provider/OpenAiCompatibleProvider';
import { redactHeaders, redactSecrets } from '../../../../src/core/provider/redact';
import { backoffDelayMs, retryAfterMs } from '../../../../src/core/provider/retry';
import type { StreamEvent } from '../../../../src/core/provider/types';
import { IdleWatch, type Scheduler } from '../../../../src/core/scheduler';
import { consumeStream } from '../../../../src/core/stream/collect';
import { MetricsTracker } from '../../../../src/core/stream/MetricsTracker';
import { TokenCounter, estimateTokens } from '../../../../src/core/stream/TokenCounter';
import { WorkerTokenizer, type Tokenizer } from '../../../../src/core/stream/Tokenizer';
import { TOKENIZER_WORKER } from '../../../support/tokenizer';
import { FakeScheduler } from '../../../support/fakes/FakeScheduler';
import { OpenAiTestServer } from '../../../servers/openAiServer';

const KEY_A = 'sk-proj-AAAAAAAAAAAAAAAAAAAAAAAA';
const ENV_KEY = 'sk-env-EEEEEEEEEEEEEEEEEEEEEEEE';

function mapStore(entries: Record<string, string>): ApiKeyStore {
  return { get: async (origin) => entries[origin] };
}

describe('redaction', () => {
  it('removes a known key, bearer tokens, sk- keys and key=value pairs', () => {
    const text = `Authorization: Bearer abc.def-123456 key ${KEY_A} url https://x/v1?api_key=zzzzzz&x=1 {"api_key": "qqqqqqq"} custom-secret-value-1`;
    const out = redactSecrets(text, ['custom-secret-value-1']);
    for (const secret of ['abc.def-123456', KEY_A, 'zzzzzz', 'qqqqqqq', 'custom-secret-value-1']) assert.ok(!out.includes(secret), out);
    assert.match(out, /Bearer \[redacted\]/);
    assert.match(out, /x=1/, 'keeps what is not secret');
  });

  it('leaves ordinary log lines alone', () => {
    const line = '[ts-1a2b3c] POST http://127.0.0.1:1234/v1/chat/completions model=gpt-4o status=200 finish=stop ttft=12ms total=40ms tokens=33 retries=0';
    assert.equal(redactSecrets(line), line);
  });

  it('masks credential headers', () => {
    assert.deepEqual(redactHeaders({ Authorization: `Bearer ${KEY_A}`, 'api-key': 'x', 'content-type': 'application/json' }), {
      Authorization: '[redacted]',
      'api-key': '[redacted]',
      'content-type': 'application/json',
    });
  });
});

describe('API keys per origin', () => {
  it('recognizes loopback URLs only', () => {
    for (const url of ['http://localhost:11434/v1', 'http://127.0.0.1:1234', 'http://127.8.9.10/', 'http://[::1]:8080/v1', 'http://api.localhost/'])
      assert.equal(isLoopbackUrl(url), true, url);
    for (const url of ['https://api.openai.com/v1', 'http://127.0.0.1.example.com/', 'http://10.0.0.1/', 'http://[::2]/', 'not a url', 'http://localhost.evil.com/'])
      assert.equal(isLoopbackUrl(url), false, url);
  });

  it('computes origins', () => {
    assert.equal(endpointOrigin('https://API.openai.com:443/v1/'), 'https://api.openai.com');
    assert.equal(endpointOrigin('http://127.0.0.1:8080/v1'), 'http://127.0.0.1:8080');
  });

  it('validates base URLs with a clear message', () => {
    assert.equal(validateBaseUrl('https://api.openai.com/v1').ok, true);
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['localhost:11434/v1', /http:\/\/ or https:\/\//],
      ['api.openai.com/v1', /not a valid URL/],
      ['ftp://example.org', /http:\/\/ or https:\/\//],
      ['https://user:pw@example.org/v1', /user name or password/],
    ];
    for (const [url, pattern] of cases) {
      const result = validateBaseUrl(url);
      assert.equal(result.ok, false, url);
      if (!result.ok) assert.match(result.message, pattern, url);
    }
    const http = validateBaseUrl('http://example.org/v1');
    assert.ok(http.ok && http.insecure && !http.loopback);
  });

  it('uses OPENAI_API_KEY only for https://api.openai.com', async () => {
    const env = { OPENAI_API_KEY: ENV_KEY };
    const openai = await resolveApiKey('https://api.openai.com/v1', mapStore({}), env);
    assert.deepEqual([openai.apiKey, openai.source, openai.missing], [ENV_KEY, 'environment', false]);
    const other = await resolveApiKey('https://api.groq.com/openai/v1', mapStore({}), env);
    assert.deepEqual([other.apiKey, other.source, other.missing], [undefined, 'missing', true]);
    const local = await resolveApiKey('http://localhost:11434/v1', mapStore({}), env);
    assert.deepEqual([local.apiKey, local.source, local.missing], [undefined, 'notNeeded', false]);
    const stored = await resolveApiKey('https://api.openai.com/v1', mapStore({ 'https://api.openai.com': KEY_A }), env);
    assert.deepEqual([stored.apiKey, stored.source], [KEY_A, 'stored']);
  });

  it('sends the Authorization header only to its own origin (two real servers)', async () => {
    const serverA = await OpenAiTestServer.start();
    const serverB = await OpenAiTestServer.start();
    try {
      const store = mapStore({ [serverA.origin]: KEY_A });
      const env = { OPENAI_API_KEY: ENV_KEY };
      for (const server of [serverA, serverB]) {
        const { apiKey } = await resolveApiKey(server.baseUrl, store, env);
        const provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKey, model: 'm' });
        const result = await consumeStream(provider.stream({ messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal));
        assert.equal(result.finishReason, 'stop');
      }
      assert.equal(serverA.requests[0]!.headers.authorization, `Bearer ${KEY_A}`);
      const sentToB = String(serverB.requests[0]!.headers.authorization ?? '');
      assert.ok(!sentToB.includes(KEY_A) && !sentToB.includes(ENV_KEY), sentToB);
      for (const request of serverB.requests) {
        assert.ok(!JSON.stringify(request.headers).includes('AAAAAAAA'));
        assert.ok(!JSON.stringify(request.headers).includes('EEEEEEEE'));
      }
    } finally {
      await serverA.close();
      await serverB.close();
    }
  });
});

describe('error mapping', () => {
  const context = { baseUrl: 'https://llm.example.invalid/v1', model: 'm', apiKey: KEY_A };

  it('says a host name could not be resolved for ENOTFOUND and EAI_AGAIN', () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
      const cause = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`getaddrinfo ${code}`), { code }) });
      const error = toStreamError(new APIConnectionError({ message: 'Connection error.', cause }), context);
      assert.equal(error.kind, 'dns');
      assert.match(error.message, /"llm\.example\.invalid" could not be resolved/);
    }
  });

  it('maps 401, 403, 404 (route), 429, 5xx, 400 with one action each', () => {
    assert.equal(httpError(403, 'forbidden', context).action, 'setApiKey');
    assert.equal(httpError(404, undefined, context).action, 'openSettings');
    assert.equal(httpError(404, 'model "m" not found, try pulling it first', context).kind, 'modelNotFound');
    assert.equal(httpError(429, 'slow', context).action, 'retry');
    assert.equal(httpError(503, 'down', context).kind, 'server');
    assert.equal(httpError(400, 'bad', context).kind, 'badRequest');
  });

  it('never lets the key into a message, even when the server echoes it', () => {
    const error = new APIError(401, { message: `Incorrect API key provided: ${KEY_A}` }, undefined, new Headers());
    const mapped = toStreamError(error, context);
    assert.ok(!mapped.message.includes(KEY_A), mapped.message);
    assert.equal(mapped.action, 'setApiKey');
  });

  it('reduces an HTML page to its first line of text', () => {
    assert.equal(firstLineOfPage('<!DOCTYPE html><html><head><style>body{}</style><title>Bad &amp; Gateway</title></head><body><h1>x</h1></body></html>'), 'Bad & Gateway');
    assert.equal(firstLineOfPage('<p>\n  upstream  connect error </p>'), 'upstream connect error');
    const mapped = toStreamError(new APIError(502, undefined, '<html><body><h1>502 Bad Gateway</h1></body></html>', new Headers()), context);
    assert.equal(mapped.message, 'The endpoint failed with a server error (HTTP 502): 502 Bad Gateway.');
  });

  it('names the idle setting and the wait', () => {
    assert.match(idleTimeoutError(60, context).message, /for 60 seconds.*tokenStream\.idleTimeoutSeconds/);
  });
});

describe('retry timing', () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it('parses retry-after-ms, Retry-After seconds and HTTP dates', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after-ms': '250' })), 250);
    assert.equal(retryAfterMs(headers({ 'retry-after': '3' })), 3000);
    const now = Date.parse('2030-01-01T00:00:00Z');
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Tue, 01 Jan 2030 00:00:05 GMT' }), () => now), 5000);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(retryAfterMs(headers({})), undefined);
  });

  it('caps the server wait and backs off exponentially with jitter', () => {
    assert.equal(backoffDelayMs(1, 120_000), 20_000);
    assert.equal(backoffDelayMs(1, 1500), 1500);
    assert.equal(backoffDelayMs(1, undefined, { baseDelayMs: 100, random: () => 0 }), 50);
    assert.equal(backoffDelayMs(3, undefined, { baseDelayMs: 100, random: () => 1 }), 400);
    assert.equal(backoffDelayMs(30, undefined, { baseDelayMs: 100, random: () => 1, maxDelayMs: 1000 }), 1000);
  });
});

describe('TokenCounter', () => {
  const tokenizer = new WorkerTokenizer(TOKENIZER_WORKER);
  after(() => tokenizer.dispose());

  it('counts streamed text about as the tokenizer counts the whole text', async () => {
    const text = 'function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(50) + 'Ünïcödé 世界 🎉 '.repeat(20);
    const counter = new TokenCounter(tokenizer);
    for (let i = 0; i < text.length; i += 3) counter.add(text.slice(i, i + 3));
    const total = await counter.settle();
    const whole = (await estimateTokens(text, tokenizer))!;
    assert.ok(whole > 300, `the tokenizer counted ${whole}`);
    assert.ok(Math.abs(total - whole) <= Math.ceil(whole * 0.05), `${total} vs ${whole}`);
  });

  it('sends the tokenizer batches, not one request per token, and still counts everything', async () => {
    const requests: string[] = [];
    const words: Tokenizer = { count: async (t) => (requests.push(t), t.split(/\s+/).filter(Boolean).length) };
    let clock = 0;
    const counter = new TokenCounter(words, () => clock);
    const text = 'one two three four five six seven eight nine ten '.repeat(200); // 10,000 chars, 2,000 words
    for (let i = 0; i < 6000; i += 3) counter.add(text.slice(i, i + 3));
    // The first add submits (no submission yet); then only every 4,096 characters while the clock stands still.
    assert.ok(requests.length <= 3, `${requests.length} requests for 6,000 characters`);
    const before = requests.length;
    clock += 100;
    counter.add(text.slice(6000, 6003));
    assert.equal(requests.length, before + 1, 'after 100 ms the decided text goes out at the next add');
    for (let i = 6003; i < text.length; i += 3) counter.add(text.slice(i, i + 3));
    assert.equal(await counter.settle(), 2000);
    assert.equal(requests.join(''), text, 'every character was counted exactly once, in order');
  });

  it('does not throw on special-token text', async () => {
    const counter = new TokenCounter(tokenizer);
    counter.add('<|endoftext|> and <|im_start|>');
    assert.ok((await counter.settle()) > 0);
  });

  it('counts in a worker thread: the main thread stays free while the vocabulary loads', async () => {
    const fresh = new WorkerTokenizer(TOKENIZER_WORKER);
    try {
      const counted = fresh.count('hello world');
      // Timers keep firing on this thread while the worker loads and counts.
      let ticks = 0;
      const interval = setInterval(() => ticks++, 5);
      const n = await counted;
      clearInterval(interval);
      assert.equal(n, 2);
      assert.ok(ticks > 0, 'the main thread ran timers meanwhile');
    } finally {
      fresh.dispose();
    }
  });

  it('gives no estimate without a tokenizer', async () => {
    const counter = new TokenCounter(undefined);
    counter.add('some text ');
    assert.equal(counter.available, false);
    assert.equal(await estimateTokens('x', undefined), undefined);
  });
});

describe('MetricsTracker', () => {
  it('computes ttft, elapsed and tokens per second from the scheduler clock', () => {
    let now = 1000;
    const clock: Scheduler = { now: () => now, schedule: () => () => undefined };
    const tracker = new MetricsTracker(clock);
    assert.equal(tracker.snapshot().timeToFirstTokenMs, undefined);
    now = 1200;
    tracker.onText();
    now = 3200;
    tracker.setTokens(40, true);
    tracker.finish();
    now = 9999;
    assert.deepEqual(tracker.snapshot(), { timeToFirstTokenMs: 200, elapsedMs: 2200, completionTokens: 40, tokensPerSecond: 20, estimated: true });
  });
});

describe('consumeStream', () => {
  it('collects text, usage and metrics, and keeps text when the provider breaks its contract', async () => {
    const metrics = { elapsedMs: 5, completionTokens: 2, estimated: false };
    async function* good(): AsyncGenerator<StreamEvent> {
      yield { type: 'delta', text: 'a' };
      yield { type: 'delta', text: 'b' };
      yield { type: 'finish', reason: 'stop', usage: { completionTokens: 2, estimated: false }, metrics };
    }
    const seen: string[] = [];
    assert.deepEqual(await consumeStream(good(), (t) => seen.push(t)), {
      text: 'ab',
      finishReason: 'stop',
      usage: { completionTokens: 2, estimated: false },
      error: undefined,
      metrics,
    });
    assert.deepEqual(seen, ['a', 'b']);
    async function* broken(): AsyncGenerator<StreamEvent> {
      yield { type: 'delta', text: 'partial' };
      throw new Error('boom');
    }
    const result = await consumeStream(broken());
    assert.equal(result.text, 'partial');
    assert.equal(result.finishReason, 'error');
  });
});

describe('listModels', () => {
  it('returns sorted ids from GET /models and explains failures', async () => {
    const server = await OpenAiTestServer.start({ models: ['zeta', 'alpha', 'mid'] });
    try {
      assert.deepEqual(await listModels({ baseUrl: server.baseUrl }), ['alpha', 'mid', 'zeta']);
      assert.equal(server.requests[0]!.method, 'GET');
      assert.equal(server.requests[0]!.url, '/v1/models');
      server.models = [];
      await assert.rejects(listModels({ baseUrl: server.baseUrl }), (e: unknown) => e instanceof ProviderError && e.streamError.kind === 'noModels');
      await assert.rejects(listModels({ baseUrl: `${server.origin}/nope` }), (e: unknown) => e instanceof ProviderError && e.streamError.kind === 'noModels');
    } finally {
      await server.close();
    }
    await assert.rejects(listModels({ baseUrl: server.baseUrl }), (e: unknown) => e instanceof ProviderError && e.streamError.kind === 'connection');
  });
});

describe('IdleWatch', () => {
  it('fires once the armed time without a new arm() reaches the limit, keeping a single timer', async () => {
    const clock = new FakeScheduler();
    let fired = 0;
    const watch = new IdleWatch(clock, 100, () => fired++);
    watch.arm();
    for (let i = 0; i < 20; i++) {
      await clock.advance(30);
      watch.arm(); // a chunk every 30 ms: never idle for 100 ms
      assert.ok(clock.pendingTimers <= 1, 'one timer at most, re-armed only when it fires');
    }
    assert.equal(fired, 0);
    await clock.advance(99);
    assert.equal(fired, 0);
    await clock.advance(1);
    assert.equal(fired, 1);
    watch.arm();
    await clock.advance(500);
    assert.equal(fired, 1, 'fires once');
    assert.equal(clock.pendingTimers, 0);
  });

  it('does not count disarmed time, and counts from the next arm()', async () => {
    const clock = new FakeScheduler();
    let firedAt: number | undefined;
    const watch = new IdleWatch(clock, 100, () => (firedAt = clock.now()));
    watch.arm();
    await clock.advance(50);
    watch.disarm(); // the consumer is busy: the stream is not idle
    await clock.advance(300);
    assert.equal(firedAt, undefined);
    watch.arm();
    await clock.advance(300);
    assert.equal(firedAt, 450);
  });

  it('dispose() cancels the timer', async () => {
    const clock = new FakeScheduler();
    let fired = false;
    const watch = new IdleWatch(clock, 100, () => (fired = true));
    watch.arm();
    watch.dispose();
    assert.equal(clock.pendingTimers, 0);
    await clock.advance(500);
    assert.equal(fired, false);
  });
});
