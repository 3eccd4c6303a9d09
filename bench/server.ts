/**
 * The benchmark's OpenAI-compatible server, in its own process (forked by scripts/bench.js), so its
 * writes never compete with the extension host for a thread. Raw node:http, because the figures need
 * exact write timestamps: right before the first content byte, after the last byte, when the socket closed.
 *
 * Routes (127.0.0.1 only):
 *   POST …/chat/completions   streams the scenario named in the last user message (see bench/shared.ts);
 *                             with the partial answer as an assistant message after it, the rest of that
 *                             answer (a continuation, recorded as continuedId(id))
 *   GET  …/models             one model
 *   GET  /bench/now           {now} on the shared clock (offset checks)
 *   GET  /bench/record/<id>?closed=1&timeoutMs=N   the request's ServerRecord (waiting for the close)
 *   POST /bench/mail/<topic>  queues a JSON message; GET /bench/mail/<topic>?timeoutMs=N takes one (204 on timeout)
 *
 * The parent gets {port} over IPC; the server exits when the parent disconnects.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { waitForDrain } from '../test/servers/openAiServer';
import { chunkObject, DONE_EVENT, reasoningDelta, sseEvent, usageChunkObject, type ChunkDelta } from '../test/servers/sse';
import { applyMergeAnswer, APPLY_FILE_LINES, continuedId, cutIntoTokens, markdownText, MERGE_REQUEST_START, mergeId, parseScenario, preciseNow, scenarioText, tokensFor, type Scenario, type ServerRecord } from './shared';

const MAX_WAIT_MS = 120_000;
const BURST_WRITE_BYTES = 64 * 1024;

const records = new Map<string, ServerRecord>();
const closeWaiters = new Map<string, Array<() => void>>();
const mailboxes = new Map<string, unknown[]>();
const mailWaiters = new Map<string, Array<() => void>>();
const sockets = new Set<Socket>();

interface Deltas {
  readonly events: readonly string[];
  /** Answer characters in them (reasoning not counted). */
  readonly contentChars: number;
}

/** Built SSE events, by scenario shape and model. */
const eventCache = new Map<string, Deltas>();

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function wait(waiters: Map<string, Array<() => void>>, key: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const list = waiters.get(key) ?? [];
    waiters.set(key, list);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      const i = list.indexOf(done);
      if (i >= 0) list.splice(i, 1);
      resolve();
    }, Math.min(timeoutMs, MAX_WAIT_MS));
    list.push(done);
  });
}

function wake(waiters: Map<string, Array<() => void>>, key: string): void {
  for (const w of waiters.get(key)?.splice(0) ?? []) w();
}

/** A text cut into tokens, by scenario shape (the same stream is asked for many times). */
const tokenCache = new Map<string, string[]>();

function cachedTokens(key: string, make: () => string[]): string[] {
  let tokens = tokenCache.get(key);
  if (!tokens) {
    tokens = make();
    tokenCache.set(key, tokens);
    if (tokenCache.size > 16) tokenCache.delete(tokenCache.keys().next().value as string);
  }
  return tokens;
}

function answerTokens(scenario: Scenario, merge = false): string[] {
  if (merge) {
    // Apply's model merge: the SEARCH/REPLACE answer, in tokens of the benchmark's size.
    const text = applyMergeAnswer(scenario.editLines ?? APPLY_FILE_LINES);
    return cachedTokens(`merge:${scenario.editLines ?? 0}`, () => cutIntoTokens(text, tokensFor(text.length)));
  }
  return cachedTokens(`answer:${scenario.kind}:${scenario.chars}:${scenario.tokens}:${scenario.editLines ?? 0}:${scenario.applyShape ?? ''}`, () => cutIntoTokens(scenarioText(scenario), scenario.tokens));
}

function reasoningTokens(chars: number): string[] {
  return chars > 0 ? cachedTokens(`reasoning:${chars}`, () => cutIntoTokens(markdownText(chars), tokensFor(chars))) : [];
}

/**
 * The SSE events of one request's deltas: the reasoning then the answer of a fresh request (cut after
 * `cutAfterTokens` when set), or the rest of the answer after `partial` (a continuation).
 */
function deltaEvents(scenario: Scenario, model: string, partial: string | undefined, merge: boolean): Deltas | string {
  const key = `${scenario.kind}:${scenario.chars}:${scenario.tokens}:${scenario.editLines ?? 0}:${scenario.applyShape ?? ''}:${merge}:${scenario.reasoningChars ?? 0}:${scenario.cutAfterTokens ?? ''}:${partial?.length ?? 'fresh'}:${model}`;
  const cached = eventCache.get(key);
  if (cached) return cached;
  const identity = { id: 'chatcmpl-bench', model, created: 1_700_000_000 };
  const answer = answerTokens(scenario, merge);
  const cut = scenario.cutAfterTokens ?? answer.length;
  let deltas: ChunkDelta[];
  if (partial === undefined) {
    deltas = [...reasoningTokens(scenario.reasoningChars ?? 0).map((t) => reasoningDelta('reasoning_content', t)), ...answer.slice(0, cut).map((content) => ({ content }))];
  } else {
    const full = answer.join('');
    if (!full.startsWith(partial)) return 'the partial answer of the continuation is not the start of the scenario\'s answer';
    const rest = answer.slice(0, cut).join('') === partial ? answer.slice(cut) : cutIntoTokens(full.slice(partial.length), Math.max(1, answer.length - cut));
    deltas = rest.map((content) => ({ content }));
  }
  if (deltas.length === 0) return 'nothing is left to stream';
  const built = { events: deltas.map((delta) => sseEvent(chunkObject(identity, delta))), contentChars: deltas.reduce((n, d) => n + (d.content?.length ?? 0), 0) };
  eventCache.set(key, built);
  if (eventCache.size > 16) eventCache.delete(eventCache.keys().next().value as string);
  return built;
}

function writeAndFlush(res: http.ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(data, () => resolve());
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function streamCompletion(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): Promise<void> {
  let body: { model?: string; messages?: { role?: string; content?: unknown }[]; stream_options?: { include_usage?: boolean } } = {};
  try {
    body = JSON.parse(rawBody) as typeof body;
  } catch {
    // answered below
  }
  const messages = body.messages ?? [];
  // The last user message that names a scenario; an assistant message after it makes this a continuation
  // of that answer (exact modes end with it; the fallback mode adds a user turn asking to continue).
  let at = messages.length - 1;
  let scenario: Scenario | undefined;
  for (; at >= 0 && !scenario; at--) if (messages[at].role === 'user') scenario = parseScenario(String(messages[at].content ?? ''));
  if (!scenario) {
    json(res, 400, { error: { message: 'no BENCH{...} scenario in a user message', type: 'invalid_request_error', code: null } });
    return;
  }
  const partialMessage = messages.slice(at + 2).find((m) => m.role === 'assistant');
  const partial = partialMessage ? String(partialMessage.content ?? '') : undefined;
  const model = body.model ?? 'bench';
  // Apply's model merge names the chat question's scenario (the question is part of its request).
  const merge = scenario.kind === 'apply' && String(messages[at + 1]?.content ?? '').startsWith(MERGE_REQUEST_START);
  const deltas = deltaEvents(scenario, model, partial, merge);
  if (typeof deltas === 'string') {
    json(res, 400, { error: { message: deltas, type: 'invalid_request_error', code: null } });
    return;
  }
  const { events } = deltas;
  const id = merge ? mergeId(scenario.id) : partial === undefined ? scenario.id : continuedId(scenario.id);
  const record: ServerRecord = { id, receivedAt: preciseNow(), contentChars: 0, tokens: 0, eventsWritten: 0, requestChars: rawBody.length };
  records.set(id, record);
  let ended = false;
  res.on('close', () => {
    record.closedAt = preciseNow();
    record.closedByClient = !ended;
    wake(closeWaiters, id);
  });
  const identity = { id: 'chatcmpl-bench', model, created: 1_700_000_000 };
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  await writeAndFlush(res, sseEvent(chunkObject(identity, { role: 'assistant', content: '' })));
  if (scenario.firstDelayMs > 0) await sleep(scenario.firstDelayMs);
  if (res.destroyed) return;

  const written = (count: number): void => {
    record.eventsWritten += count;
  };
  record.firstContentAt = preciseNow();
  res.write(events[0]);
  written(1);
  let i = 1;
  if (scenario.tps <= 0) {
    // As fast as the socket drains: large writes, with backpressure.
    while (i < events.length && !res.destroyed) {
      let batch = '';
      const from = i;
      while (i < events.length && batch.length < BURST_WRITE_BYTES) batch += events[i++];
      written(i - from);
      if (!res.write(batch)) await waitForDrain(res);
    }
  } else {
    // Paced: every millisecond or so, everything that is due (a real server batches the same way).
    const start = performance.now();
    while (i < events.length && !res.destroyed) {
      const due = Math.min(events.length, 1 + Math.floor(((performance.now() - start) * scenario.tps) / 1000));
      if (due > i) {
        const from = i;
        let batch = '';
        while (i < due) batch += events[i++];
        written(i - from);
        if (!res.write(batch)) await waitForDrain(res);
      } else {
        await sleep(1);
      }
    }
  }
  if (res.destroyed) return;
  const cut = partial === undefined && scenario.cutAfterTokens !== undefined;
  let tail = sseEvent(chunkObject(identity, {}, cut ? 'length' : 'stop'));
  if (body.stream_options?.include_usage) {
    tail += sseEvent(usageChunkObject(identity, { prompt_tokens: 10, completion_tokens: events.length, total_tokens: events.length + 10 }));
  }
  tail += DONE_EVENT;
  await new Promise<void>((resolve) => {
    res.end(tail, () => resolve());
  });
  ended = true;
  record.lastByteAt = preciseNow();
  record.tokens = events.length;
  record.contentChars = deltas.contentChars;
  void req;
}

async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  const body = await readBody(req);
  if (req.method === 'POST' && path.endsWith('/chat/completions')) return streamCompletion(req, res, body);
  if (req.method === 'GET' && path.endsWith('/models')) {
    return json(res, 200, { object: 'list', data: [{ id: 'bench', object: 'model', created: 1_700_000_000, owned_by: 'bench' }] });
  }
  if (path === '/bench/now') return json(res, 200, { now: preciseNow() });
  const timeoutMs = Number(url.searchParams.get('timeoutMs') ?? '10000');
  if (req.method === 'GET' && path.startsWith('/bench/record/')) {
    const id = decodeURIComponent(path.slice('/bench/record/'.length));
    const deadline = Date.now() + Math.min(timeoutMs, MAX_WAIT_MS);
    while (url.searchParams.get('closed') === '1' && records.get(id)?.closedAt === undefined && Date.now() < deadline) {
      await wait(closeWaiters, id, deadline - Date.now());
    }
    const record = records.get(id);
    return record ? json(res, 200, record) : json(res, 404, { error: `no record ${id}` });
  }
  if (path.startsWith('/bench/mail/')) {
    const topic = decodeURIComponent(path.slice('/bench/mail/'.length));
    if (req.method === 'POST') {
      const box = mailboxes.get(topic) ?? [];
      mailboxes.set(topic, box);
      box.push(JSON.parse(body || 'null'));
      wake(mailWaiters, topic);
      return json(res, 200, { queued: box.length });
    }
    const deadline = Date.now() + Math.min(timeoutMs, MAX_WAIT_MS);
    while ((mailboxes.get(topic)?.length ?? 0) === 0 && Date.now() < deadline) await wait(mailWaiters, topic, deadline - Date.now());
    const message = mailboxes.get(topic)?.shift();
    if (message === undefined) {
      res.writeHead(204);
      res.end();
      return;
    }
    return json(res, 200, message);
  }
  json(res, 404, { error: `unknown route ${req.method} ${path}` });
}

async function main(): Promise<void> {
  const server = http.createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(err) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stop = (): void => {
    for (const s of sockets) s.destroy();
    server.close();
    process.exit(0);
  };
  if (process.send) {
    process.send({ port });
    process.on('disconnect', stop);
  } else {
    console.log(JSON.stringify({ port }));
  }
  process.on('SIGTERM', stop);
}

void main();
