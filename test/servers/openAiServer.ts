/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 (node:http only), scriptable per request.
 * Used by the unit tests, the integration tests inside the extension host, the benchmark and the demo.
 *
 *   const server = await OpenAiTestServer.start();
 *   server.enqueue({ type: 'stream', text: 'Hello world' });          // next POST /chat/completions
 *   server.enqueue({ type: 'error', status: 429, headers: { 'retry-after': '0' } });
 *   server.setHandler((req) => ({ type: 'stream', text: 'always this' })); // when the queue is empty
 *   server.refuseField('prediction');        // a server without that feature: 400 for requests carrying it
 *   … point a client at server.baseUrl (http://127.0.0.1:PORT/v1) …
 *   server.requests[0].body;                  // parsed JSON body
 *   await server.requests[0].closed;          // resolves when the response socket closed
 *   server.requests[0].closedByClient;        // true when the client hung up before the response ended
 *   await server.close();                     // destroys open sockets
 *
 * Routes: POST …/chat/completions (any prefix), GET …/models. Anything else: 404 JSON error.
 * Timestamps are `performance.timeOrigin + performance.now()` (ms since the epoch, sub-ms precision),
 * comparable across processes on the same machine.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { realScheduler, type Scheduler } from '../../src/core/scheduler';
import {
  buildChatStreamEvents,
  commentEvent,
  completionObject,
  errorEvent,
  reasoningDelta,
  splitIntoTokens,
  type ChunkDelta,
  type ChunkIdentity,
  type ReasoningField,
  type WireFinishReason,
  type WireUsage,
} from './sse';

/** Common response options of every script. */
interface ScriptBase {
  /** Extra response headers (for example `x-request-id`, `retry-after`). */
  readonly headers?: Readonly<Record<string, string>>;
}

interface PacingOptions {
  /** Wait before each chunk, in ms. */
  readonly delayMs?: number;
  /** Alternative to delayMs: chunks per second. */
  readonly tokensPerSecond?: number;
  /** Destroy the socket once this many body bytes were written (a connection cut mid-stream). */
  readonly cutAfterBytes?: number;
  /** After the last chunk, leave the response open and silent (a server that stalls mid-answer). */
  readonly keepOpen?: boolean;
  /**
   * Wait for `until` before writing chunk `index` (of a stream: 0 is the role chunk, then one per token),
   * so a test can act while the answer is certainly still open.
   */
  readonly holdBeforeChunk?: { readonly index: number; readonly until: Promise<void> };
}

/** A normal streamed answer, built with the protocol helpers. */
export interface StreamScript extends ScriptBase, PacingOptions {
  readonly type: 'stream';
  /** Text split into token-like pieces (ignored when `tokens` is given). */
  readonly text?: string;
  /** Exact content deltas. */
  readonly tokens?: readonly string[];
  /** 'stop' by default; null sends no finish chunk. */
  readonly finishReason?: WireFinishReason | null;
  /**
   * 'auto' (default): a usage chunk when the request asked for stream_options.include_usage;
   * 'never': none even when asked; or explicit numbers (sent only when asked).
   */
  readonly usage?: 'auto' | 'never' | Partial<WireUsage>;
  /** Send `data: [DONE]` (default true). */
  readonly done?: boolean;
  /** Replace the events after this many tokens with an SSE error event, then end the response. */
  readonly errorAfterTokens?: { readonly after: number; readonly message: string; readonly errorType?: string };
  /** Model name in the chunks (default: the request's model). */
  readonly model?: string;
  /**
   * Reasoning ("thinking") streamed before the answer, as a reasoning model of the named kind of server
   * sends it (default field `reasoning_content`; `think-tags` puts `<think>...</think>` inline in the content,
   * `opened-think` the reasoning and a lone `</think>`).
   */
  readonly reasoning?: { readonly text?: string; readonly tokens?: readonly string[]; readonly field?: ReasoningField };
  /** More answers interleaved with this one, as with `n > 1` (see ChatStreamOptions.otherChoices). */
  readonly otherChoices?: readonly (readonly string[])[];
  /** SSE comments sent before the first event, paced like chunks, as a gateway sends while the request waits. */
  readonly keepAlive?: { readonly comments: number; readonly text?: string };
}

/**
 * A server that ignores `stream: true`: 200 `application/json` with a whole `chat.completion` (its content,
 * and reasoning in `reasoning.field` when given).
 */
export interface JsonScript extends ScriptBase {
  readonly type: 'json';
  readonly text: string;
  readonly reasoning?: { readonly text: string; readonly field?: Exclude<ReasoningField, 'think-tags' | 'opened-think'> };
  readonly finishReason?: WireFinishReason | null;
  /** Content-Type (default application/json). */
  readonly contentType?: string;
}

/** A 200 that is not an event stream at all: a gateway's HTML login page, or plain text. */
export interface PageScript extends ScriptBase {
  readonly type: 'page';
  readonly body: string;
  /** Content-Type (default text/html; charset=utf-8). */
  readonly contentType?: string;
}

/** Exact bytes, for hostile boundaries: split UTF-8, split `data:`, CRLF, comments, empty events. */
export interface RawScript extends ScriptBase, PacingOptions {
  readonly type: 'raw';
  readonly chunks: readonly (string | Uint8Array)[];
  readonly status?: number;
  /** Content-Type (default text/event-stream). */
  readonly contentType?: string;
}

/** An error response: JSON `{"error":{message,type,code}}` unless `body` gives the raw text (an HTML page). */
export interface ErrorScript extends ScriptBase {
  readonly type: 'error';
  readonly status: number;
  readonly message?: string;
  readonly errorType?: string;
  readonly code?: string | null;
  /** Raw body instead of the JSON error (sent with `contentType`, default text/html). */
  readonly body?: string;
  readonly contentType?: string;
}

/** Sends 200 and SSE headers, then nothing until the client gives up. */
export interface SilentScript extends ScriptBase {
  readonly type: 'silent';
}

/** Destroys the socket without any response (a connection error before the first byte). */
export interface HangUpScript {
  readonly type: 'hangUp';
}

export type ResponseScript = StreamScript | RawScript | ErrorScript | SilentScript | HangUpScript | JsonScript | PageScript;

export interface RecordedRequest {
  /** 0-based, in arrival order. */
  readonly index: number;
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly rawBody: string;
  /** The parsed JSON body, or undefined when it was not JSON. */
  readonly body: unknown;
  /** When the request body was fully received. */
  readonly receivedAt: number;
  /** When the first response byte (headers) was sent. */
  respondedAt?: number;
  /** When the response socket closed (or the response ended); undefined while open. */
  closedAt?: number;
  /** True when the client closed the connection before the response ended. */
  closedByClient?: boolean;
  /** True when the response was written completely. */
  responseEnded: boolean;
  /** Resolves when the response closed, whoever closed it. */
  readonly closed: Promise<void>;
}

export type ScriptHandler = (request: RecordedRequest) => ResponseScript | Promise<ResponseScript>;

export interface OpenAiTestServerOptions {
  /** Answers requests when the queue is empty (default: a short 'Hello from the loopback server.' stream). */
  readonly handler?: ScriptHandler;
  /** Model ids served by GET /models. */
  readonly models?: readonly string[];
  /** The clock the pacing (`delayMs`, `tokensPerSecond`) waits on (default: the real one). */
  readonly scheduler?: Scheduler;
}

/** Wall-clock milliseconds with sub-millisecond precision. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

const DEFAULT_TEXT = 'Hello from the loopback server.';

export class OpenAiTestServer {
  readonly requests: RecordedRequest[] = [];
  /** Served by GET /models. */
  models: string[];
  private readonly queue: ResponseScript[] = [];
  private handler: ScriptHandler | undefined;
  private readonly refusedFields = new Map<string, number>();
  private readonly scheduler: Scheduler;
  private readonly sockets = new Set<Socket>();
  private readonly waiters = new Set<() => void>();
  private completionCounter = 0;

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    options: OpenAiTestServerOptions,
  ) {
    this.handler = options.handler;
    this.scheduler = options.scheduler ?? realScheduler;
    this.models = [...(options.models ?? ['loopback-small', 'loopback-large'])];
  }

  /** Starts a server on 127.0.0.1 with an OS-assigned port. */
  static async start(options: OpenAiTestServerOptions = {}): Promise<OpenAiTestServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const instance = new OpenAiTestServer(server, (server.address() as AddressInfo).port, options);
    server.on('connection', (socket) => {
      instance.sockets.add(socket);
      socket.on('close', () => instance.sockets.delete(socket));
    });
    server.on('request', (req, res) => void instance.onRequest(req, res));
    return instance;
  }

  /** `http://127.0.0.1:PORT` */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `http://127.0.0.1:PORT/v1`, what a client uses as its base URL. */
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  /** Scripts for the next chat-completion requests, answered in order before the handler. */
  enqueue(...scripts: ResponseScript[]): this {
    this.queue.push(...scripts);
    return this;
  }

  /** Answers chat-completion requests once the queue is empty. */
  setHandler(handler: ScriptHandler | undefined): this {
    this.handler = handler;
    return this;
  }

  /**
   * Acts as a server that does not know the request field `field` (for example `prediction`, OpenAI's
   * predicted outputs): a chat-completion request carrying it gets `status` (400 or 422) with an error
   * naming the field, as OpenAI words it, before the queue or the handler is consulted; requests without
   * it are answered as usual.
   */
  refuseField(field: string, status: 400 | 422 = 400): this {
    this.refusedFields.set(field, status);
    return this;
  }

  /** Forgets recorded requests, queued scripts, the handler and refused fields (between tests). */
  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.handler = undefined;
    this.refusedFields.clear();
  }

  /** Resolves once at least `count` requests arrived; rejects after `timeoutMs`. */
  async waitForRequests(count: number, timeoutMs = 10_000): Promise<RecordedRequest[]> {
    if (this.requests.length >= count) return this.requests;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (this.requests.length < count) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`expected ${count} requests within ${timeoutMs} ms, got ${this.requests.length}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
    return this.requests;
  }

  /** Stops listening and destroys every open socket, so no test hangs on a keep-alive connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    let markClosed!: () => void;
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    const record: RecordedRequest = {
      index: this.requests.length,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      rawBody,
      body,
      receivedAt: preciseNow(),
      responseEnded: false,
      closed,
    };
    let serverDestroyed = false;
    res.on('finish', () => (record.responseEnded = true));
    res.on('close', () => {
      record.closedAt = preciseNow();
      record.closedByClient = !record.responseEnded && !serverDestroyed;
      markClosed();
    });
    this.requests.push(record);
    for (const waiter of [...this.waiters]) waiter();

    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (req.method === 'GET' && path.endsWith('/models')) {
        this.sendJson(res, 200, {
          object: 'list',
          data: this.models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'loopback' })),
        });
        return;
      }
      if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
        this.sendJson(res, 404, { error: { message: `Unknown route ${req.method} ${path}`, type: 'invalid_request_error', code: null } });
        return;
      }
      const script = this.refusal(record) ?? this.queue.shift() ?? (await this.handler?.(record)) ?? { type: 'stream', text: DEFAULT_TEXT };
      const destroy = (): void => {
        serverDestroyed = true;
        res.destroy();
      };
      await this.respond(record, res, script, destroy);
    } catch (error) {
      if (!res.headersSent) this.sendJson(res, 500, { error: { message: String(error), type: 'server_error', code: null } });
      else res.destroy();
    }
  }

  /** The error for a request carrying a refused field, or undefined. */
  private refusal(record: RecordedRequest): ErrorScript | undefined {
    const body = record.body;
    if (!body || typeof body !== 'object') return undefined;
    for (const [field, status] of this.refusedFields) {
      if (field in body) return { type: 'error', status, message: `Unrecognized request argument supplied: ${field}`, code: 'unknown_parameter' };
    }
    return undefined;
  }

  private async respond(
    record: RecordedRequest,
    res: http.ServerResponse,
    script: ResponseScript,
    destroy: () => void,
  ): Promise<void> {
    switch (script.type) {
      case 'hangUp':
        destroy();
        return;
      case 'error': {
        const headers = { ...script.headers };
        if (script.body !== undefined) {
          res.writeHead(script.status, { 'Content-Type': script.contentType ?? 'text/html; charset=utf-8', ...headers });
          record.respondedAt = preciseNow();
          res.end(script.body);
          return;
        }
        this.sendJson(
          res,
          script.status,
          { error: { message: script.message ?? `Error ${script.status}`, type: script.errorType ?? 'invalid_request_error', code: script.code ?? null } },
          headers,
        );
        record.respondedAt = preciseNow();
        return;
      }
      case 'silent':
        res.writeHead(200, sseHeaders(script.headers));
        res.flushHeaders();
        record.respondedAt = preciseNow();
        return; // stays open until the client closes or close() destroys the socket
      case 'raw':
        res.writeHead(script.status ?? 200, {
          ...sseHeaders(script.headers),
          ...(script.contentType ? { 'Content-Type': script.contentType } : {}),
        });
        res.flushHeaders();
        record.respondedAt = preciseNow();
        await this.writePaced(res, script.chunks, script, destroy);
        return;
      case 'json': {
        const message: ChunkDelta = {
          content: script.text,
          ...(script.reasoning ? reasoningDelta(script.reasoning.field ?? 'reasoning_content', script.reasoning.text) : {}),
        };
        const finishReason = script.finishReason === undefined ? 'stop' : script.finishReason;
        const text = JSON.stringify(completionObject(this.identity(record), message, finishReason));
        res.writeHead(200, { 'Content-Type': script.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(text), ...script.headers });
        record.respondedAt = preciseNow();
        res.end(text);
        return;
      }
      case 'page':
        res.writeHead(200, { 'Content-Type': script.contentType ?? 'text/html; charset=utf-8', ...script.headers });
        record.respondedAt = preciseNow();
        res.end(script.body);
        return;
      case 'stream': {
        const events = this.streamEvents(record, script);
        res.writeHead(200, sseHeaders(script.headers));
        res.flushHeaders();
        record.respondedAt = preciseNow();
        await this.writePaced(res, events, script, destroy);
        return;
      }
    }
  }

  private streamEvents(record: RecordedRequest, script: StreamScript): string[] {
    const request = (record.body ?? {}) as { model?: string; stream_options?: { include_usage?: boolean }; messages?: { content?: unknown }[] };
    const tokens = script.tokens ?? splitIntoTokens(script.text ?? DEFAULT_TEXT);
    const identity = this.identity(record, script.model);
    let usage: WireUsage | undefined;
    if (request.stream_options?.include_usage === true && script.usage !== 'never') {
      const explicit = typeof script.usage === 'object' ? script.usage : {};
      const promptChars = (request.messages ?? []).reduce((n, m) => n + String(m.content ?? '').length, 0);
      const prompt = explicit.prompt_tokens ?? Math.ceil(promptChars / 4);
      const completion = explicit.completion_tokens ?? tokens.length;
      usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: explicit.total_tokens ?? prompt + completion };
    }
    const reasoning = script.reasoning
      ? { reasoningTokens: script.reasoning.tokens ?? splitIntoTokens(script.reasoning.text ?? ''), reasoningField: script.reasoning.field }
      : {};
    const comments = Array.from({ length: script.keepAlive?.comments ?? 0 }, () => commentEvent(script.keepAlive?.text ?? 'OPENROUTER PROCESSING'));
    if (script.errorAfterTokens) {
      const { after, message, errorType } = script.errorAfterTokens;
      const events = buildChatStreamEvents({ identity, tokens: tokens.slice(0, after), finishReason: null, done: false, ...reasoning });
      events.push(errorEvent(message, errorType ?? 'server_error'));
      return [...comments, ...events];
    }
    return [
      ...comments,
      ...buildChatStreamEvents({
        identity,
        tokens,
        ...reasoning,
        ...(script.otherChoices ? { otherChoices: script.otherChoices } : {}),
        finishReason: script.finishReason === undefined ? 'stop' : script.finishReason,
        usage,
        done: script.done ?? true,
      }),
    ];
  }

  /** The id, model and time every chunk (or the whole completion) of one answer shares. */
  private identity(record: RecordedRequest, model?: string): ChunkIdentity {
    const request = (record.body ?? {}) as { model?: string };
    this.completionCounter += 1;
    return {
      id: `chatcmpl-loopback${this.completionCounter}`,
      model: model ?? request.model ?? 'loopback-small',
      created: Math.floor(Date.now() / 1000),
    };
  }

  /** Writes chunks with pacing and backpressure; stops when the client leaves; cuts when asked. */
  private async writePaced(
    res: http.ServerResponse,
    chunks: readonly (string | Uint8Array)[],
    pacing: PacingOptions,
    destroy: () => void,
  ): Promise<void> {
    const delayMs = pacing.delayMs ?? (pacing.tokensPerSecond ? 1000 / pacing.tokensPerSecond : 0);
    let written = 0;
    for (const [index, chunk] of chunks.entries()) {
      if (pacing.holdBeforeChunk?.index === index) await pacing.holdBeforeChunk.until;
      if (delayMs > 0) await new Promise<void>((resolve) => this.scheduler.schedule(resolve, delayMs));
      if (res.destroyed) return;
      let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
      const cut = pacing.cutAfterBytes !== undefined && written + bytes.length >= pacing.cutAfterBytes;
      if (cut) bytes = bytes.subarray(0, Math.max(0, (pacing.cutAfterBytes ?? 0) - written));
      if (bytes.length > 0) {
        written += bytes.length;
        if (cut) {
          // Destroy only once the partial bytes reached the socket, so the client really sees them.
          const partial = bytes;
          await new Promise<void>((resolve) => res.write(partial, () => resolve()));
          destroy();
          return;
        }
        if (!res.write(bytes)) await waitForDrain(res);
      } else if (cut) {
        destroy();
        return;
      }
    }
    if (!res.destroyed && !pacing.keepOpen) res.end();
  }

  private sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }
}

function sseHeaders(extra: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', ...extra };
}

export function waitForDrain(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
