/**
 * What the `openai` SDK hides about a streamed response, seen from the `fetch` we hand it: the content
 * type, every byte as it arrives (SSE comments such as `: OPENROUTER PROCESSING` are life for the idle
 * timer), whether the stream ended with `data: [DONE]`, and the body of a 200 that is not an event stream
 * (a whole `chat.completion` from a server that ignored `stream: true`, or a gateway's HTML login page).
 *
 * The wrapper observes; it parses no SSE. An event stream goes to the SDK byte for byte. A body that is
 * not one is read here (bounded) and the SDK gets an empty stream instead, so it neither misreads the
 * page as events nor reports a closed connection; the provider then decides what the body means.
 */

/** The SDK's `fetch` option type, without depending on the DOM lib's declarations. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** More than any chat completion we would show; a larger non-stream body is cut here. */
const MAX_BODY_CHARS = 4_000_000;

const DONE = Buffer.from('[DONE]');
/** Bytes kept from the end of the stream so far: enough for a `\ndata: [DONE]` split across chunks. */
const TAIL_BYTES = 16;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const DATA_COLON = Buffer.from('data:');

export class ResponseWatch {
  /** The response's Content-Type, once headers arrived. */
  contentType: string | undefined;
  /** True once a `data: [DONE]` line went by. */
  sawDone = false;
  /** A 200 that was not an event stream: its text, which the SDK did not see. */
  nonStreamBody: string | undefined;
  /** The last bytes of the stream so far, and how many bytes came before this chunk. */
  private tail = Buffer.alloc(0);
  private seen = 0;

  /** @param life called for every piece of the body that arrives, whatever it holds. */
  constructor(readonly life: () => void) {}

  /** Observes one chunk of an event stream. */
  saw(chunk: Uint8Array): void {
    this.life();
    if (this.sawDone || chunk.byteLength === 0) return;
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let at = bytes.indexOf(DONE); at >= 0 && !this.sawDone; at = bytes.indexOf(DONE, at + 1)) this.sawDone = this.isDoneLine(bytes, at);
    if (!this.sawDone && this.tail.length > 0) {
      // `[DONE]` itself cut in two by the chunk boundary.
      const before = this.tail.subarray(-(DONE.length - 1));
      const at = Buffer.concat([before, bytes.subarray(0, DONE.length - 1)]).indexOf(DONE);
      if (at >= 0) this.sawDone = this.isDoneLine(bytes, at - before.length);
    }
    this.tail = Buffer.from(bytes.length >= TAIL_BYTES ? bytes.subarray(-TAIL_BYTES) : Buffer.concat([this.tail, bytes]).subarray(-TAIL_BYTES));
    this.seen += bytes.length;
  }

  /** Is the `[DONE]` at `at` (negative: in the tail) the value of a `data:` line? */
  private isDoneLine(bytes: Buffer, at: number): boolean {
    const byteAt = (k: number): number | undefined => (k >= 0 ? bytes[k] : this.tail[this.tail.length + k]);
    let k = at - 1;
    if (byteAt(k) === SPACE) k--;
    for (let i = DATA_COLON.length - 1; i >= 0; i--, k--) if (byteAt(k) !== DATA_COLON[i]) return false;
    const previous = byteAt(k);
    if (previous === undefined) return -k > this.tail.length && this.seen === this.tail.length;
    return previous === LF || previous === CR;
  }
}

/**
 * A fetch that reports to `watch()` (the watch of the attempt in progress) what the SDK does not tell.
 * Error statuses pass through untouched: the SDK turns them into APIErrors with their bodies.
 */
export function watchingFetch(watch: () => ResponseWatch, base: Fetch = fetch): Fetch {
  return async (input, init) => {
    const response = await base(input, init);
    const observer = watch();
    observer.contentType = response.headers.get('content-type') ?? undefined;
    if (!response.ok || !response.body) return response;
    const reader = response.body.getReader();
    if (isEventStream(observer.contentType)) return withBody(response, observedBody(reader, observer, undefined));
    // Not labelled as an event stream. Some servers label theirs text/plain: the first bytes tell.
    const first = await reader.read();
    if (!first.done && looksLikeEventStream(first.value)) {
      observer.saw(first.value);
      return withBody(response, observedBody(reader, observer, first.value));
    }
    observer.nonStreamBody = await readAll(reader, observer, first.done ? undefined : first.value);
    return withBody(response, new ReadableStream<Uint8Array>({ start: (controller) => controller.close() }));
  };
}

function isEventStream(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*text\/event-stream\b/i.test(contentType);
}

/** An SSE body starts with a field (`data:`, `event:`, `id:`, `retry:`) or a comment (`:`). */
function looksLikeEventStream(chunk: Uint8Array): boolean {
  const head = Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, 16)).toString('latin1').trimStart();
  return /^(?::|data:|event:|id:|retry:)/.test(head);
}

/**
 * The body the SDK reads: each chunk is pulled from the network only when the SDK asks for it (no
 * read-ahead, as without the wrapper), observed, and passed on unchanged. Cancelling it cancels the
 * network read; a network error reaches the SDK as it is.
 */
function observedBody(reader: ReadableStreamDefaultReader<Uint8Array>, watch: ResponseWatch, first: Uint8Array | undefined): ReadableStream<Uint8Array> {
  let pending = first;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (pending) {
          controller.enqueue(pending);
          pending = undefined;
          return;
        }
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        watch.saw(value);
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>, watch: ResponseWatch, first: Uint8Array | undefined): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  let chunk = first;
  for (;;) {
    if (chunk) {
      watch.life();
      text += decoder.decode(chunk, { stream: true });
    }
    if (text.length > MAX_BODY_CHARS) {
      await reader.cancel();
      return text;
    }
    const next = await reader.read();
    if (next.done) return text + decoder.decode();
    chunk = next.value;
  }
}

function withBody(response: Response, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
