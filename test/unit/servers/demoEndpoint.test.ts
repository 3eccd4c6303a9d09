import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { setImmediate as turn } from 'node:timers/promises';
import OpenAI from 'openai';
import {
  DEMO_MODEL,
  DEMO_REASONING_MODEL,
  demoAnswer,
  detectLanguage,
  detectTask,
  loadSamples,
  pace,
  startDemoEndpoint,
  type DemoEndpoint,
} from '../../servers/demoEndpoint';
import { buildChatStreamEvents, splitIntoTokens } from '../../servers/sse';
import { FakeScheduler } from '../../support/fakes/FakeScheduler';

interface Streamed {
  readonly text: string;
  readonly chunks: number;
  readonly events: string[];
}

/** Numbers in [0, 1) from a fixed seed (a linear congruential generator), so the jitter is the same every run. */
function seededRandom(seed = 1): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Parses an SSE body into its data payloads and the streamed content. */
function parseStream(body: string): Streamed {
  const events = body.split('\n\n').filter((e) => e.startsWith('data: ')).map((e) => e.slice(6));
  let text = '';
  let chunks = 0;
  for (const data of events) {
    if (data === '[DONE]') continue;
    const content = (JSON.parse(data) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content;
    if (content) {
      text += content;
      chunks += 1;
    }
  }
  return { text, chunks, events };
}

/** POSTs a streamed chat completion with plain fetch and reads the raw SSE events. */
async function streamRaw(baseUrl: string, messages: { role: string; content: string }[]): Promise<Streamed> {
  const res = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: DEMO_MODEL, stream: true, messages }),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  return parseStream(await res.text());
}

/** A port of 127.0.0.1 that was free a moment ago, and a server that holds one. */
async function listening(): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return server;
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('demo endpoint', () => {
  describe('answers over real HTTP', () => {
    let demo: DemoEndpoint;
    before(async () => {
      demo = await startDemoEndpoint({ tokensPerSecond: 5000 });
    });
    after(async () => {
      await demo.close();
    });

    it('serves /models with the demo model', async () => {
      const res = await fetch(`${demo.baseUrl}/models`);
      const body = (await res.json()) as { data: { id: string }[] };
      assert.deepEqual(body.data.map((m) => m.id), [DEMO_MODEL, DEMO_REASONING_MODEL]);
    });

    it('streams reasoning in reasoning_content before the same answer for the reasoning model, and none for the other', async () => {
      const client = new OpenAI({ baseURL: demo.baseUrl, apiKey: 'unused', maxRetries: 0 });
      const read = async (model: string) => {
        const stream = await client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'binary search in rust' }] });
        let reasoning = '';
        let text = '';
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
          if (delta?.reasoning_content) {
            assert.equal(text, '', 'all the reasoning comes before the answer');
            reasoning += delta.reasoning_content;
          }
          text += delta?.content ?? '';
        }
        return { reasoning, text };
      };
      const thinking = await read(DEMO_REASONING_MODEL);
      const plain = await read(DEMO_MODEL);
      assert.match(thinking.reasoning, /binary search in rust/);
      assert.match(thinking.reasoning, /demo endpoint/);
      assert.equal(plain.reasoning, '');
      assert.equal(thinking.text, plain.text, 'the same answer');
      const whole = await client.chat.completions.create({ model: DEMO_REASONING_MODEL, messages: [{ role: 'user', content: 'binary search in rust' }] });
      const message = whole.choices[0]?.message as { content: string | null; reasoning_content?: string } | undefined;
      assert.equal(message?.reasoning_content, thinking.reasoning);
      assert.equal(message?.content, plain.text);
    });

    it('streams a Python answer for a Python prompt, with the demo notice, ending in [DONE]', async () => {
      const { text, chunks, events } = await streamRaw(demo.baseUrl, [
        { role: 'system', content: 'You are an expert programmer.' },
        { role: 'user', content: 'Write a fibonacci function in Python' },
      ]);
      assert.equal(events.at(-1), '[DONE]');
      assert.ok(chunks > 50, `expected many small deltas, got ${chunks}`);
      assert.match(text, /```python\n# Token Stream demo endpoint: a canned sample, no model behind it\.\n# Real model: set TOKEN_STREAM_BASE_URL/);
      assert.match(text, /def fibonacci\(\)/);
      assert.match(text, /TOKEN_STREAM_BASE_URL/);
      assert.match(text, /OPENAI_API_KEY/);
      assert.match(text, /TOKEN_STREAM_MODEL/);
      assert.match(text, /localhost:11434\/v1/);
      assert.equal((text.match(/```/g) ?? []).length, 2, 'one fenced block');
      const finish = events.filter((e) => e.includes('"finish_reason":"stop"'));
      assert.equal(finish.length, 1);
    });

    it('works through the openai SDK, the way the extension talks to it', async () => {
      const client = new OpenAI({ baseURL: demo.baseUrl, apiKey: 'unused', maxRetries: 0 });
      const stream = await client.chat.completions.create({
        model: DEMO_MODEL,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'binary search in rust' }],
      });
      let text = '';
      let finish: string | null | undefined;
      let usage: { completion_tokens: number } | undefined | null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        usage = chunk.usage ?? usage;
      }
      assert.equal(finish, 'stop');
      assert.ok(usage && usage.completion_tokens > 20);
      assert.match(text, /```rust\n\/\/ Token Stream demo endpoint/);
      assert.match(text, /fn binary_search/);
    });

    it('takes the language from the context when the prompt names none', async () => {
      const { text } = await streamRaw(demo.baseUrl, [
        { role: 'system', content: 'The user is editing hello.go (language: go).' },
        { role: 'user', content: 'read a file line by line' },
      ]);
      assert.match(text, /```go\n/);
      assert.match(text, /bufio\.NewScanner/);
    });

    it('reads the language the editor commands add after the request', async () => {
      const generate = await streamRaw(demo.baseUrl, [
        { role: 'user', content: 'binary search\n\nWrite it in python.\n\nAnswer with the code only, in one fenced code block.' },
      ]);
      assert.match(generate.text, /```python\n/);
      const atCursor = await streamRaw(demo.baseUrl, [
        { role: 'user', content: 'a function that reads a file\n\nFile: src/main.rs (language: rust)\nThe code below marks the cursor with <CURSOR>.\n```rust\nfn main() {}<CURSOR>\n```' },
      ]);
      assert.match(atCursor.text, /```rust\n/);
    });

    it('answers questions in Markdown with headings, a list and a code block', async () => {
      const { text } = await streamRaw(demo.baseUrl, [{ role: 'user', content: 'How do I debounce a function in JavaScript?' }]);
      assert.match(text, /^## Debouncing in JavaScript/);
      assert.match(text, /\n- /);
      assert.match(text, /```javascript\n/);
      assert.match(text, /Token Stream demo endpoint/);
    });

    it('answers non-streaming requests with a chat.completion', async () => {
      const client = new OpenAI({ baseURL: demo.baseUrl, apiKey: 'unused', maxRetries: 0 });
      const completion = await client.chat.completions.create({ model: DEMO_MODEL, messages: [{ role: 'user', content: 'sql todo table' }] });
      assert.match(completion.choices[0]?.message.content ?? '', /CREATE TABLE todos/);
    });
  });

  describe('pacing', () => {
    it('paces the answer at about the requested rate on its clock, and sends it whole', async () => {
      const clock = new FakeScheduler();
      const demo = await startDemoEndpoint({ tokensPerSecond: 60, clock, random: seededRandom() });
      try {
        const prompt = 'email validation regex in typescript';
        const response = fetch(`${demo.baseUrl}/chat/completions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ model: DEMO_MODEL, stream: true, messages: [{ role: 'user', content: prompt }] }),
        }).then((res) => res.text());
        let body: string | undefined;
        void response.then((text) => (body = text));
        // Time moves only while the server waits on its clock (one tick per chunk); otherwise the sockets
        // get a turn of the event loop. So the clock ends exactly at the sum of the server's waits.
        const tick = 1000 / 60 / 2;
        while (body === undefined) {
          if (clock.pendingTimers > 0) await clock.advance(tick);
          else await turn();
        }
        const { text, chunks } = parseStream(body);
        assert.equal(text, demoAnswer(prompt));
        const rate = chunks / (clock.now() / 1000);
        assert.ok(rate > 40 && rate < 80, `about 60 tokens/s on the clock, got ${rate.toFixed(1)} (${chunks} in ${clock.now().toFixed(0)} ms)`);
      } finally {
        await demo.close();
      }
    });

    it('waits 1 to 4 ticks before each token, 2 on average, longer after line breaks', () => {
      const tokens = splitIntoTokens(demoAnswer('binary search in rust'));
      const events = buildChatStreamEvents({ identity: { id: 'x', model: DEMO_MODEL, created: 1 }, tokens, finishReason: 'stop' });
      const { chunks, delayMs } = pace(events, 60, seededRandom(7));
      assert.equal(delayMs, 1000 / 60 / 2);
      assert.deepEqual(chunks.filter((c) => c !== ''), events, 'every event, in order');
      const ticks: number[] = [];
      let waited = 0;
      for (const chunk of chunks) {
        waited += 1;
        if (chunk === '') continue;
        ticks.push(waited);
        waited = 0;
      }
      assert.deepEqual([...new Set(ticks)].sort(), [1, 2, 3, 4]);
      const average = ticks.reduce((a, b) => a + b, 0) / ticks.length;
      assert.ok(average > 1.8 && average < 2.4, `about 2 ticks per token on average, got ${average.toFixed(2)}`);
      const afterLineBreak = (i: number): boolean => i > 0 && events[i - 1]!.includes('\\n');
      assert.ok(ticks.some((t, i) => t === 4 && afterLineBreak(i)), 'a fourth tick after some line breaks');
      assert.ok(ticks.every((t, i) => t < 4 || afterLineBreak(i)), 'a fourth tick only after a line break');
    });
  });

  it('listens on a requested port', async () => {
    const probe = await listening();
    const { port } = probe.address() as net.AddressInfo;
    await closeServer(probe);
    const demo = await startDemoEndpoint({ port, tokensPerSecond: 5000 });
    try {
      assert.equal(demo.baseUrl, `http://127.0.0.1:${port}/v1`);
      const { text } = await streamRaw(demo.baseUrl, [{ role: 'user', content: 'http server in go' }]);
      assert.match(text, /net\/http/);
    } finally {
      await demo.close();
    }
  });

  it('fails to start when the requested port is taken', async () => {
    const holder = await listening();
    try {
      const { port } = holder.address() as net.AddressInfo;
      await assert.rejects(startDemoEndpoint({ port, tokensPerSecond: 5000 }), { code: 'EADDRINUSE' });
    } finally {
      await closeServer(holder);
    }
  });

  describe('prompt analysis', () => {
    const cases: [string, string, string][] = [
      ['Write a fibonacci function in Python', 'python', 'fibonacci'],
      ['simple http server in go', 'go', 'httpServer'],
      ['fetch json from an API', 'typescript', 'fetchJson'],
      ['binary search in Java', 'java', 'binarySearch'],
      ['sort a list of people by age in rust', 'rust', 'sort'],
      ['parse csv', 'typescript', 'parseCsv'],
      ['debounce in javascript', 'javascript', 'debounce'],
      ['a todo list in html', 'html', 'todo'],
      ['validate an email address with a regex in C#', 'csharp', 'email'],
      ['read a file in bash', 'bash', 'readFile'],
      ['a struct for a point in rust', 'rust', 'classStruct'],
      ['a card layout in css', 'css', 'general'],
    ];
    for (const [prompt, lang, task] of cases) {
      it(`"${prompt}" -> ${lang} / ${task}`, () => {
        assert.equal(detectLanguage(prompt), lang);
        assert.equal(detectTask(prompt), task);
      });
    }

    it('every language has a general sample, and every answer names the demo endpoint', () => {
      const samples = loadSamples();
      for (const lang of ['python', 'typescript', 'javascript', 'go', 'rust', 'java', 'csharp', 'bash', 'sql', 'html', 'css'] as const) {
        assert.ok(samples.general[lang], `general sample for ${lang}`);
      }
      for (const [prompt] of cases) assert.match(demoAnswer(prompt), /Token Stream demo endpoint/);
    });

    it('says so when a task has no sample in the language', () => {
      assert.match(demoAnswer('parse csv in java'), /no canned parsing CSV sample in Java/);
    });
  });
});
