/**
 * The project's own local demo endpoint: a real OpenAI-compatible HTTP server on 127.0.0.1 (the loopback
 * OpenAiTestServer) that answers every chat completion with hand-written, prompt-dependent sample code,
 * streamed at a model-like pace (about 40-80 tokens/s with a little jitter, word-sized tokens).
 * `npm run demo` starts it when no real endpoint is configured; the extension cannot tell the difference,
 * it talks plain HTTP + SSE to it.
 *
 *   const demo = await startDemoEndpoint({ tokensPerSecond: 60 });
 *   … point tokenStream.baseUrl at demo.baseUrl (http://127.0.0.1:PORT/v1), model "demo-coder" …
 *   await demo.close();
 *
 * What it answers: the language comes from the prompt ("… in rust"), else from the request's context
 * (file names, fenced code, "language: python" in earlier messages), else TypeScript; the task from
 * keywords (fibonacci, http server, fetch json, binary search, sort, csv, debounce, todo, email regex,
 * read file, class/struct). Code requests get one sentence, one fenced block, and a sentence or two;
 * questions ("how do I…?", "explain…") get Markdown with a heading, a list and the code block.
 * Every answer says that it comes from this demo endpoint and how to point at a real one.
 */
import * as net from 'node:net';
import { OpenAiTestServer, type RecordedRequest, type ResponseScript } from './openAiServer';
import { buildChatStreamEvents, splitIntoTokens, type WireUsage } from './sse';

export interface DemoEndpointOptions {
  /** Port on 127.0.0.1 (default: a free one). */
  readonly port?: number;
  /** Average streaming rate (default 60). Above 500 the answer is sent without pacing or jitter. */
  readonly tokensPerSecond?: number;
}

export interface DemoEndpoint {
  /** `http://127.0.0.1:PORT/v1` */
  readonly baseUrl: string;
  readonly model: string;
  /** The underlying loopback server (recorded requests, for tests). */
  readonly server: OpenAiTestServer;
  close(): Promise<void>;
}

export const DEMO_MODEL = 'demo-coder';

/** Said once in every answer (as prose, and as a comment on the first code line). */
export const DEMO_NOTICE =
  'This answer comes from the Token Stream demo endpoint (canned samples, no model behind it).';

export const REAL_ENDPOINT_HOWTO =
  'To use a real model, restart the demo with `TOKEN_STREAM_BASE_URL`, `OPENAI_API_KEY` and `TOKEN_STREAM_MODEL` set, ' +
  'for example OpenAI `https://api.openai.com/v1`, Ollama `http://localhost:11434/v1`, LM Studio `http://localhost:1234/v1` ' +
  'or vLLM `http://localhost:8000/v1` (or set `tokenStream.baseUrl` and run "Token Stream: Set API Key...").';

export async function startDemoEndpoint(options: DemoEndpointOptions = {}): Promise<DemoEndpoint> {
  const tokensPerSecond = options.tokensPerSecond ?? 60;
  const server = await OpenAiTestServer.start({
    models: [DEMO_MODEL],
    handler: (request) => demoScript(request, tokensPerSecond),
  });
  // OpenAiTestServer always takes an OS-assigned port; a fixed port is a plain TCP forwarder in front of it.
  let forwarder: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  if (options.port) {
    const target = server.port;
    forwarder = net.createServer((client) => {
      const upstream = net.connect(target, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      forwarder!.once('error', reject);
      forwarder!.listen(options.port, '127.0.0.1', () => resolve());
    });
  }
  const port = forwarder ? (forwarder.address() as net.AddressInfo).port : server.port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    model: DEMO_MODEL,
    server,
    async close() {
      for (const s of sockets) s.destroy();
      if (forwarder) await new Promise<void>((resolve) => forwarder!.close(() => resolve()));
      await server.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Request -> answer

interface WireMessage {
  readonly role?: string;
  readonly content?: unknown;
}

interface ChatRequestBody {
  readonly model?: string;
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage?: boolean };
  readonly messages?: readonly WireMessage[];
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join('\n');
  }
  return '';
}

/** The script the loopback server plays for one chat-completion request. */
function demoScript(request: RecordedRequest, tokensPerSecond: number): ResponseScript {
  const body = (request.body ?? {}) as ChatRequestBody;
  const messages = body.messages ?? [];
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  // The user's request is the first paragraph; what follows ("Write it in python.", "File: app.ts
  // (language: typescript)" and the code around the cursor) is context, like the other messages.
  const [prompt = '', ...rest] = messageText(lastUser?.content).trim().split(/\n\s*\n/);
  const context = [
    rest.join('\n\n'),
    ...messages.filter((m) => m !== lastUser).map((m) => messageText(m.content)),
  ].join('\n');
  const text = demoAnswer(prompt, context);
  const model = body.model || DEMO_MODEL;
  const tokens = splitIntoTokens(text);

  if (body.stream !== true) {
    const completion = {
      id: `chatcmpl-demo${request.index}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }],
      usage: usageFor(messages, tokens.length),
    };
    return { type: 'raw', status: 200, contentType: 'application/json', chunks: [JSON.stringify(completion)] };
  }

  const events = buildChatStreamEvents({
    identity: { id: `chatcmpl-demo${request.index}`, model, created: Math.floor(Date.now() / 1000) },
    tokens,
    finishReason: 'stop',
    usage: body.stream_options?.include_usage === true ? usageFor(messages, tokens.length) : undefined,
  });
  if (tokensPerSecond > 500) return { type: 'raw', chunks: events };
  return { type: 'raw', chunks: withJitter(events), delayMs: tickMs(tokensPerSecond) };
}

function usageFor(messages: readonly WireMessage[], completionTokens: number): WireUsage {
  const promptChars = messages.reduce((n, m) => n + messageText(m.content).length, 0);
  const prompt = Math.max(1, Math.ceil(promptChars / 4));
  return { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens };
}

/** The loopback server waits one fixed delay before every chunk; a token waits TICKS_PER_TOKEN of them on average. */
const TICKS_PER_TOKEN = 2;

function tickMs(tokensPerSecond: number): number {
  return 1000 / tokensPerSecond / TICKS_PER_TOKEN;
}

/**
 * Pacing with jitter on top of the server's fixed per-chunk delay: empty chunks (which write nothing but
 * still wait one tick) go before each event, 1-3 ticks per token (2 on average), a little longer after a
 * line break, the way a model's output arrives.
 */
function withJitter(events: readonly string[]): string[] {
  const out: string[] = [];
  let previousEndedLine = false;
  for (const event of events) {
    const ticks = 1 + Math.floor(Math.random() * 3) + (previousEndedLine && Math.random() < 0.3 ? 1 : 0);
    for (let i = 1; i < ticks; i++) out.push('');
    out.push(event);
    previousEndedLine = event.includes('\\n');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Languages and tasks

type Lang = 'python' | 'typescript' | 'javascript' | 'go' | 'rust' | 'java' | 'csharp' | 'bash' | 'sql' | 'html' | 'css';
type Task =
  | 'fibonacci'
  | 'httpServer'
  | 'fetchJson'
  | 'binarySearch'
  | 'sort'
  | 'parseCsv'
  | 'debounce'
  | 'todo'
  | 'email'
  | 'readFile'
  | 'classStruct'
  | 'general';

const LANG_NAMES: Record<Lang, string> = {
  python: 'Python',
  typescript: 'TypeScript',
  javascript: 'JavaScript',
  go: 'Go',
  rust: 'Rust',
  java: 'Java',
  csharp: 'C#',
  bash: 'Bash',
  sql: 'SQL',
  html: 'HTML',
  css: 'CSS',
};

/** Prompt words that name a language, most specific first. */
const LANG_PATTERNS: readonly [Lang, RegExp][] = [
  ['typescript', /\btypescript\b|\bts\b|\.tsx?\b|\bdeno\b/i],
  ['javascript', /\bjavascript\b|\bjs\b|\.m?jsx?\b|\bnode(\.?js)?\b|\becmascript\b/i],
  ['python', /\bpython3?\b|\.py\b|\bdjango\b|\bflask\b|\bfastapi\b|\bpandas\b/i],
  ['rust', /\brust\b|\.rs\b|\bcargo\b/i],
  ['csharp', /c#|\bc ?sharp\b|\.cs\b|\bdotnet\b|\.net\b|\basp\.net\b/i],
  ['java', /\bjava\b(?!\s*script)|\.java\b|\bspring\b/i],
  ['go', /\bgolang\b|\.go\b|\b(?:in|with|using) go\b|\bgo (?:code|function|program|server|routine|struct)/i],
  ['bash', /\bbash\b|\bshell\b|\bsh\b|\.sh\b|\bzsh\b|\bshell script\b/i],
  ['sql', /\bsql\b|\bpostgres(?:ql)?\b|\bmysql\b|\bsqlite\b|\bselect\b.*\bfrom\b/i],
  ['html', /\bhtml\b|\bweb ?page\b|\blanding page\b/i],
  ['css', /\bcss\b|\bstylesheet\b|\bflexbox\b|\bgrid layout\b/i],
];

/** VS Code language ids and file extensions seen in the request's context. */
const CONTEXT_IDS: Record<string, Lang> = {
  python: 'python',
  py: 'python',
  typescript: 'typescript',
  ts: 'typescript',
  tsx: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  javascriptreact: 'javascript',
  go: 'go',
  rust: 'rust',
  rs: 'rust',
  java: 'java',
  csharp: 'csharp',
  cs: 'csharp',
  shellscript: 'bash',
  bash: 'bash',
  sh: 'bash',
  sql: 'sql',
  html: 'html',
  css: 'css',
};

const TASK_PATTERNS: readonly [Task, RegExp][] = [
  ['fibonacci', /fibonacci|\bfib\b/i],
  ['httpServer', /\b(?:http|web|rest|api)\s*server\b|\bserver\b.*\b(?:http|port|route|endpoint)|\bendpoint\b|\bexpress\b|\broute/i],
  ['fetchJson', /\bfetch\b|\bhttp (?:get|request|client)\b|\bcall (?:an? )?api\b|\bdownload\b|\bjson\b.*\b(?:url|api)\b|\brequest\b/i],
  ['binarySearch', /binary[\s-]*search|\bbisect/i],
  ['sort', /\bsort|quick\s*sort|merge\s*sort/i],
  ['parseCsv', /\bcsv\b/i],
  ['debounce', /debounce|throttle/i],
  ['todo', /\btodo|\bto-do|task list/i],
  ['email', /e-?mail|\bregex|\bregular expression|validat/i],
  ['readFile', /read(?:ing)?\s+(?:a\s+|the\s+)?(?:text\s+)?file|\bfile\b.*\blines?\b|\bopen (?:a )?file/i],
  ['classStruct', /\bclass\b|\bstruct\b|\brecord\b|\bobject\b|\bmodel\b|\bdata ?class\b/i],
];

export function detectLanguage(prompt: string, context = ''): Lang {
  for (const [lang, pattern] of LANG_PATTERNS) if (pattern.test(prompt)) return lang;
  const explicit = (/\bwrite it in ([\w#+-]+)/i.exec(context) ?? /\blanguage(?:\s*id)?\s*[:=]\s*"?([\w#+-]+)/i.exec(context))?.[1]?.toLowerCase();
  if (explicit && CONTEXT_IDS[explicit]) return CONTEXT_IDS[explicit];
  const fence = /```([\w#+-]+)/.exec(context)?.[1]?.toLowerCase();
  if (fence && CONTEXT_IDS[fence]) return CONTEXT_IDS[fence];
  const file = /\b[\w./-]+\.(py|tsx?|m?jsx?|go|rs|java|cs|sh|sql|html|css)\b/i.exec(context)?.[1]?.toLowerCase();
  if (file && CONTEXT_IDS[file]) return CONTEXT_IDS[file];
  return 'typescript';
}

export function detectTask(prompt: string): Task {
  for (const [task, pattern] of TASK_PATTERNS) if (pattern.test(prompt)) return task;
  return 'general';
}

/** A question to explain rather than a request for code. */
function isQuestion(prompt: string): boolean {
  const p = prompt.trim();
  if (/^(?:write|generate|create|implement|make|build|add|give me|code|show me the code)\b/i.test(p)) return false;
  return /\?\s*$/.test(p) || /^(?:what|why|how|when|which|explain|describe|compare|difference|is|are|can|should|does|do)\b/i.test(p);
}

function commentLine(lang: Lang, text: string): string {
  switch (lang) {
    case 'python':
    case 'bash':
      return `# ${text}`;
    case 'sql':
      return `-- ${text}`;
    case 'html':
      return `<!-- ${text} -->`;
    case 'css':
      return `/* ${text} */`;
    default:
      return `// ${text}`;
  }
}

const CODE_NOTICE = [
  'Token Stream demo endpoint: a canned sample, no model behind it.',
  'Real model: set TOKEN_STREAM_BASE_URL, OPENAI_API_KEY, TOKEN_STREAM_MODEL.',
];

function withNotice(lang: Lang, code: string): string {
  const lines = code.replace(/^\n+|\s+$/g, '').split('\n');
  // A shebang or a doctype stays first.
  const keepFirst = lines[0]?.startsWith('#!') || /^<!doctype/i.test(lines[0] ?? '');
  const notice = CODE_NOTICE.map((line) => commentLine(lang, line));
  if (keepFirst) return [lines[0], ...notice, ...lines.slice(1)].join('\n');
  return [...notice, ...lines].join('\n');
}

const TASK_TITLES: Record<Task, string> = {
  fibonacci: 'Fibonacci numbers',
  httpServer: 'a small HTTP server',
  fetchJson: 'fetching JSON over HTTP',
  binarySearch: 'binary search',
  sort: 'sorting',
  parseCsv: 'parsing CSV',
  debounce: 'debouncing',
  todo: 'a todo list',
  email: 'validating an email address',
  readFile: 'reading a file',
  classStruct: 'a small class',
  general: 'a small example',
};

const TASK_POINTS: Record<Task, readonly string[]> = {
  fibonacci: ['Iterate instead of recursing: linear time, constant memory, no stack overflow.', 'The numbers grow fast: use big integers (or 64-bit) past the 50th or so.'],
  httpServer: ['Bind to `127.0.0.1` while developing; put a reverse proxy in front in production.', 'Always set `Content-Type` and answer unknown routes with 404.'],
  fetchJson: ['Set a timeout: a hung server should not hang your program.', 'Check the status code before parsing the body.'],
  binarySearch: ['The input must already be sorted.', 'Compute the middle as `lo + (hi - lo) / 2` (or an unsigned shift) to avoid overflow.', 'O(log n) comparisons: 20 steps for a million items.'],
  sort: ['Prefer the standard library sort in real code; it is stable and well tested.', 'Merge sort is stable and O(n log n) in the worst case.'],
  parseCsv: ['Use a real CSV parser: quoted fields may contain commas, quotes and newlines.', 'Read the header row once and map the other rows to records.'],
  debounce: ['Debounce waits for a pause; throttle limits the rate during a burst.', 'Keep a `cancel()` so pending calls can be dropped on teardown.'],
  todo: ['Give every item a stable id, not its position.', 'Keep state changes in one place so the UI can re-render from it.'],
  email: ['Keep the pattern pragmatic: the full RFC 5322 grammar is not worth it.', 'The only real validation is a confirmation mail.'],
  readFile: ['Say which encoding you expect (UTF-8).', 'Close the file even on errors (with/using/defer/try-with-resources).'],
  classStruct: ['Keep the invariants inside the type: validate in the constructor or factory.', 'Prefer immutable values where you can.'],
  general: ['Ask for something specific: a language and a task, for example "binary search in Rust".'],
};

/** The whole answer text for a prompt (Markdown). */
export function demoAnswer(prompt: string, context = ''): string {
  const lang = detectLanguage(prompt, context);
  const task = detectTask(prompt);
  const exact = SNIPPETS[task]?.[lang];
  const code = exact ?? SNIPPETS.general[lang] ?? SNIPPETS.general.typescript!;
  const fence = '```';
  const block = `${fence}${lang}\n${withNotice(lang, code)}\n${fence}`;
  const name = LANG_NAMES[lang];
  const missing =
    exact === undefined && task !== 'general'
      ? ` The demo endpoint has no canned ${TASK_TITLES[task]} sample in ${name}, so here is a general ${name} sample instead.`
      : '';

  if (isQuestion(prompt)) {
    const points = (exact ? TASK_POINTS[task] : TASK_POINTS.general).map((p) => `- ${p}`).join('\n');
    const title = exact ? `${capitalize(TASK_TITLES[task])} in ${name}` : `A ${name} sample`;
    return [
      `## ${title}`,
      '',
      `${DEMO_NOTICE}${missing}`,
      '',
      '### Key points',
      '',
      points,
      '',
      '### Example',
      '',
      block,
      '',
      '### Using a real model',
      '',
      REAL_ENDPOINT_HOWTO,
      '',
    ].join('\n');
  }
  const intro = exact
    ? `Here is ${TASK_TITLES[task] === 'a small example' ? 'a small example' : TASK_TITLES[task]} in ${name}:`
    : `Here is a ${name} sample.${missing}`;
  return [intro, '', block, '', `${DEMO_NOTICE} ${REAL_ENDPOINT_HOWTO}`, ''].join('\n');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// The samples. Hand-written, idiomatic, and correct as standalone files.

/** Exported for the unit tests. */
export const SNIPPETS: Record<Task, Partial<Record<Lang, string>>> = {
  fibonacci: {
    python: `
from collections.abc import Iterator
from itertools import islice


def fibonacci() -> Iterator[int]:
    """Yield the Fibonacci numbers 0, 1, 1, 2, 3, 5, ..."""
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def nth_fibonacci(n: int) -> int:
    if n < 0:
        raise ValueError("n must be non-negative")
    return next(islice(fibonacci(), n, None))


if __name__ == "__main__":
    print(list(islice(fibonacci(), 10)))  # [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
    print(nth_fibonacci(90))  # 2880067194370816120
`,
    typescript: `
/** Returns the n-th Fibonacci number (fibonacci(0) === 0n), exact for any n. */
export function fibonacci(n: number): bigint {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(\`n must be a non-negative integer, got \${n}\`);
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}

console.log(Array.from({ length: 10 }, (_, i) => fibonacci(i)).join(', ')); // 0, 1, 1, 2, 3, 5, 8, 13, 21, 34
console.log(fibonacci(100)); // 354224848179261915075n
`,
    javascript: `
/**
 * Yields the Fibonacci numbers 0, 1, 1, 2, 3, 5, ... as BigInts, so they stay exact.
 * @returns {Generator<bigint>}
 */
function* fibonacci() {
  let [a, b] = [0n, 1n];
  for (;;) {
    yield a;
    [a, b] = [b, a + b];
  }
}

const first10 = [];
for (const n of fibonacci()) {
  if (first10.length === 10) break;
  first10.push(n);
}
console.log(first10.join(', ')); // 0, 1, 1, 2, 3, 5, 8, 13, 21, 34
`,
    go: `
package main

import (
	"fmt"
	"math/big"
)

// Fibonacci returns the n-th Fibonacci number, exact for any n >= 0.
func Fibonacci(n int) *big.Int {
	a, b := big.NewInt(0), big.NewInt(1)
	for i := 0; i < n; i++ {
		a.Add(a, b)
		a, b = b, a
	}
	return a
}

func main() {
	for i := 0; i < 10; i++ {
		fmt.Print(Fibonacci(i), " ")
	}
	fmt.Println()
	fmt.Println(Fibonacci(100)) // 354224848179261915075
}
`,
    rust: `
/// An endless iterator over the Fibonacci numbers 0, 1, 1, 2, 3, 5, ...
/// (u128 holds them up to the 186th).
fn fibonacci() -> impl Iterator<Item = u128> {
    let mut state = (0u128, 1u128);
    std::iter::from_fn(move || {
        let current = state.0;
        state = (state.1, state.0 + state.1);
        Some(current)
    })
}

fn main() {
    let first: Vec<u128> = fibonacci().take(10).collect();
    println!("{:?}", first); // [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
    println!("{}", fibonacci().nth(100).unwrap()); // 354224848179261915075
}
`,
    java: `
import java.math.BigInteger;

public final class Fibonacci {
    private Fibonacci() {}

    /** Returns the n-th Fibonacci number, exact for any n >= 0. */
    public static BigInteger of(int n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        BigInteger a = BigInteger.ZERO;
        BigInteger b = BigInteger.ONE;
        for (int i = 0; i < n; i++) {
            BigInteger next = a.add(b);
            a = b;
            b = next;
        }
        return a;
    }

    public static void main(String[] args) {
        for (int i = 0; i < 10; i++) System.out.print(of(i) + " ");
        System.out.println();
        System.out.println(of(100)); // 354224848179261915075
    }
}
`,
    csharp: `
using System.Numerics;

static IEnumerable<BigInteger> Fibonacci()
{
    BigInteger a = 0, b = 1;
    while (true)
    {
        yield return a;
        (a, b) = (b, a + b);
    }
}

Console.WriteLine(string.Join(", ", Fibonacci().Take(10))); // 0, 1, 1, 2, 3, 5, 8, 13, 21, 34
Console.WriteLine(Fibonacci().ElementAt(100)); // 354224848179261915075
`,
    bash: `
#!/usr/bin/env bash
# Prints the first N Fibonacci numbers (default 10).
set -euo pipefail

n=\${1:-10}
a=0
b=1
for ((i = 0; i < n; i++)); do
  printf '%d ' "$a"
  ((next = a + b, a = b, b = next))
done
echo
`,
    sql: `
WITH RECURSIVE fibonacci(n, a, b) AS (
  SELECT 0, 0, 1
  UNION ALL
  SELECT n + 1, b, a + b FROM fibonacci WHERE n < 20
)
SELECT n, a AS value
FROM fibonacci;
`,
  },

  httpServer: {
    python: `
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/health":
            self._send_json(200, {"status": "ok"})
        else:
            self._send_json(404, {"error": f"no route for {self.path}"})

    def _send_json(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 8000), Handler)
    print("Listening on http://127.0.0.1:8000")
    server.serve_forever()
`,
    typescript: `
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3000);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', \`http://\${req.headers.host}\`);
  if (req.method === 'GET' && url.pathname === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', time: new Date().toISOString() }));
    return;
  }
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ error: \`No route for \${req.method} \${url.pathname}\` }));
});

server.listen(port, '127.0.0.1', () => console.log(\`Listening on http://127.0.0.1:\${port}\`));
`,
    javascript: `
const { createServer } = require('node:http');

const port = Number(process.env.PORT ?? 3000);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', \`http://\${req.headers.host}\`);
  if (req.method === 'GET' && url.pathname === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok' }));
    return;
  }
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ error: \`No route for \${req.method} \${url.pathname}\` }));
});

server.listen(port, '127.0.0.1', () => console.log(\`Listening on http://127.0.0.1:\${port}\`));
`,
    go: `
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"time"
)

func health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{
		"status": "ok",
		"time":   time.Now().UTC().Format(time.RFC3339),
	})
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", health)

	server := &http.Server{
		Addr:              "127.0.0.1:8080",
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
	}
	log.Printf("listening on http://%s", server.Addr)
	log.Fatal(server.ListenAndServe())
}
`,
    rust: `
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

fn handle(mut stream: TcpStream) -> std::io::Result<()> {
    let mut request_line = String::new();
    BufReader::new(&stream).read_line(&mut request_line)?;
    let (status, body) = if request_line.starts_with("GET /health ") {
        ("200 OK", r#"{"status":"ok"}"#)
    } else {
        ("404 Not Found", r#"{"error":"not found"}"#)
    };
    write!(
        stream,
        "HTTP/1.1 {status}\\r\\nContent-Type: application/json\\r\\nContent-Length: {}\\r\\nConnection: close\\r\\n\\r\\n{body}",
        body.len()
    )
}

fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:8080")?;
    println!("listening on http://127.0.0.1:8080");
    for stream in listener.incoming() {
        if let Err(err) = stream.and_then(handle) {
            eprintln!("connection failed: {err}");
        }
    }
    Ok(())
}
`,
    java: `
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

public class HealthServer {
    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 0);
        server.createContext("/health", exchange -> {
            byte[] body = "{\\"status\\":\\"ok\\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("Listening on http://127.0.0.1:8080");
    }
}
`,
    csharp: `
// Program.cs of an ASP.NET Core app: dotnet new web, then replace Program.cs with this.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/health", () => Results.Ok(new { status = "ok", time = DateTimeOffset.UtcNow }));
app.MapGet("/hello/{name}", (string name) => $"Hello, {name}!");

app.Run("http://127.0.0.1:5000");
`,
    bash: `
#!/usr/bin/env bash
# Serves the current folder on http://127.0.0.1:8000 (Ctrl+C stops it).
set -euo pipefail

port=\${1:-8000}
echo "Serving $(pwd) on http://127.0.0.1:$port"
exec python3 -m http.server "$port" --bind 127.0.0.1
`,
  },

  fetchJson: {
    python: `
import json
from urllib.request import Request, urlopen


def fetch_json(url: str, timeout: float = 10.0) -> object:
    """GET url and decode its JSON body; raises urllib.error.HTTPError on 4xx/5xx."""
    request = Request(url, headers={"Accept": "application/json"})
    with urlopen(request, timeout=timeout) as response:
        charset = response.headers.get_content_charset() or "utf-8"
        return json.loads(response.read().decode(charset))


if __name__ == "__main__":
    todo = fetch_json("https://jsonplaceholder.typicode.com/todos/1")
    print(todo)
`,
    typescript: `
export interface Todo {
  userId: number;
  id: number;
  title: string;
  completed: boolean;
}

/** GETs \`url\` and parses its JSON body; throws on HTTP errors and after \`timeoutMs\`. */
export async function fetchJson<T>(url: string, timeoutMs = 10_000): Promise<T> {
  const res = await fetch(url, {
    headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(\`GET \${url} failed: \${res.status} \${res.statusText}\`);
  return (await res.json()) as T;
}

fetchJson<Todo>('https://jsonplaceholder.typicode.com/todos/1')
  .then((todo) => console.log(todo.title))
  .catch((err: unknown) => console.error(err));
`,
    javascript: `
/**
 * GETs \`url\` and parses its JSON body; throws on HTTP errors and after \`timeoutMs\`.
 * @param {string} url
 * @param {number} [timeoutMs]
 */
async function fetchJson(url, timeoutMs = 10_000) {
  const res = await fetch(url, {
    headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(\`GET \${url} failed: \${res.status} \${res.statusText}\`);
  return res.json();
}

fetchJson('https://jsonplaceholder.typicode.com/todos/1')
  .then((todo) => console.log(todo.title))
  .catch((err) => console.error(err));
`,
    go: `
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"time"
)

type Todo struct {
	ID        int    \`json:"id"\`
	Title     string \`json:"title"\`
	Completed bool   \`json:"completed"\`
}

func fetchJSON(url string, target any) error {
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(target)
}

func main() {
	var todo Todo
	if err := fetchJSON("https://jsonplaceholder.typicode.com/todos/1", &todo); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\\n", todo)
}
`,
    csharp: `
using System.Net.Http.Json;

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
var todo = await http.GetFromJsonAsync<Todo>("https://jsonplaceholder.typicode.com/todos/1");
Console.WriteLine(todo);

public record Todo(int UserId, int Id, string Title, bool Completed);
`,
    bash: `
#!/usr/bin/env bash
# Fetches JSON and prints one field (needs curl and jq).
set -euo pipefail

url=\${1:-https://jsonplaceholder.typicode.com/todos/1}
json=$(curl --fail --silent --show-error --max-time 10 -H 'Accept: application/json' "$url")
echo "$json" | jq -r '.title'
`,
  },

  binarySearch: {
    python: `
from collections.abc import Sequence


def binary_search(items: Sequence[int], target: int) -> int:
    """Return the index of target in the sorted sequence items, or -1."""
    lo, hi = 0, len(items) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if items[mid] == target:
            return mid
        if items[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


assert binary_search([1, 3, 5, 7, 9], 7) == 3
assert binary_search([1, 3, 5, 7, 9], 4) == -1
`,
    typescript: `
/** Index of \`target\` in the ascending array \`items\`, or -1. O(log n). */
export function binarySearch<T>(
  items: readonly T[],
  target: T,
  compare: (a: T, b: T) => number = (a, b) => (a < b ? -1 : a > b ? 1 : 0),
): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const order = compare(items[mid], target);
    if (order === 0) return mid;
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

console.log(binarySearch([1, 3, 5, 7, 9], 7)); // 3
console.log(binarySearch(['ant', 'bee', 'cat'], 'cow')); // -1
`,
    javascript: `
/**
 * Index of \`target\` in the ascending array \`items\`, or -1. O(log n).
 * @param {number[]} items
 * @param {number} target
 */
function binarySearch(items, target) {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid] === target) return mid;
    if (items[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

console.log(binarySearch([1, 3, 5, 7, 9], 7)); // 3
`,
    go: `
package main

import "fmt"

// BinarySearch returns the index of target in the ascending slice items, or -1.
// (The standard library has slices.BinarySearch for real code.)
func BinarySearch[T int | float64 | string](items []T, target T) int {
	lo, hi := 0, len(items)-1
	for lo <= hi {
		mid := lo + (hi-lo)/2
		switch {
		case items[mid] == target:
			return mid
		case items[mid] < target:
			lo = mid + 1
		default:
			hi = mid - 1
		}
	}
	return -1
}

func main() {
	fmt.Println(BinarySearch([]int{1, 3, 5, 7, 9}, 7))           // 3
	fmt.Println(BinarySearch([]string{"ant", "bee", "cat"}, "cow")) // -1
}
`,
    rust: `
/// Index of \`target\` in the ascending slice \`items\`, or None.
/// (Real code: \`items.binary_search(&target).ok()\`.)
fn binary_search<T: Ord>(items: &[T], target: &T) -> Option<usize> {
    let (mut lo, mut hi) = (0, items.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match items[mid].cmp(target) {
            std::cmp::Ordering::Equal => return Some(mid),
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}

fn main() {
    let items = [1, 3, 5, 7, 9];
    assert_eq!(binary_search(&items, &7), Some(3));
    assert_eq!(binary_search(&items, &4), None);
    println!("ok");
}
`,
    java: `
public final class Search {
    private Search() {}

    /** Index of target in the ascending array items, or -1. */
    public static int binarySearch(int[] items, int target) {
        int lo = 0;
        int hi = items.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (items[mid] == target) return mid;
            if (items[mid] < target) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    public static void main(String[] args) {
        System.out.println(binarySearch(new int[] {1, 3, 5, 7, 9}, 7)); // 3
    }
}
`,
    csharp: `
static int BinarySearch<T>(IReadOnlyList<T> items, T target) where T : IComparable<T>
{
    int lo = 0, hi = items.Count - 1;
    while (lo <= hi)
    {
        int mid = lo + (hi - lo) / 2;
        int order = items[mid].CompareTo(target);
        if (order == 0) return mid;
        if (order < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

Console.WriteLine(BinarySearch(new[] { 1, 3, 5, 7, 9 }, 7)); // 3
`,
  },

  sort: {
    python: `
def merge_sort(items: list[int]) -> list[int]:
    """Return a new sorted list (stable, O(n log n))."""
    if len(items) <= 1:
        return list(items)
    mid = len(items) // 2
    left, right = merge_sort(items[:mid]), merge_sort(items[mid:])
    merged: list[int] = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            merged.append(left[i])
            i += 1
        else:
            merged.append(right[j])
            j += 1
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged


print(merge_sort([5, 2, 9, 1, 5, 6]))  # [1, 2, 5, 5, 6, 9]
`,
    typescript: `
/** Stable merge sort; returns a new array and leaves \`items\` untouched. */
export function mergeSort<T>(items: readonly T[], compare: (a: T, b: T) => number): T[] {
  if (items.length <= 1) return [...items];
  const mid = items.length >> 1;
  const left = mergeSort(items.slice(0, mid), compare);
  const right = mergeSort(items.slice(mid), compare);
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    merged.push(compare(left[i], right[j]) <= 0 ? left[i++] : right[j++]);
  }
  return merged.concat(left.slice(i), right.slice(j));
}

console.log(mergeSort([5, 2, 9, 1, 5, 6], (a, b) => a - b)); // [1, 2, 5, 5, 6, 9]
`,
    javascript: `
const people = [
  { name: 'Grace', age: 85 },
  { name: 'Ada', age: 36 },
  { name: 'Linus', age: 54 },
];

// Array.prototype.toSorted returns a new array; the comparator decides the order.
const byAge = people.toSorted((a, b) => a.age - b.age);
const byName = people.toSorted((a, b) => a.name.localeCompare(b.name));

console.log(byAge.map((p) => p.name)); // ['Ada', 'Linus', 'Grace']
console.log(byName.map((p) => p.name)); // ['Ada', 'Grace', 'Linus']
`,
    go: `
package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Person struct {
	Name string
	Age  int
}

func main() {
	people := []Person{{"Grace", 85}, {"Ada", 36}, {"Linus", 54}}
	slices.SortStableFunc(people, func(a, b Person) int {
		return cmp.Compare(a.Age, b.Age)
	})
	fmt.Println(people) // [{Ada 36} {Linus 54} {Grace 85}]
}
`,
    rust: `
#[derive(Debug)]
struct Person {
    name: String,
    age: u32,
}

fn main() {
    let mut people = vec![
        Person { name: "Grace".into(), age: 85 },
        Person { name: "Ada".into(), age: 36 },
        Person { name: "Linus".into(), age: 54 },
    ];
    people.sort_by_key(|p| p.age); // stable
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    println!("{names:?}"); // ["Ada", "Linus", "Grace"]
}
`,
  },

  parseCsv: {
    python: `
import csv
from pathlib import Path


def read_rows(path: str | Path) -> list[dict[str, str]]:
    """Read a CSV file with a header row into a list of dicts."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


if __name__ == "__main__":
    for row in read_rows("people.csv"):
        print(row["name"], row["email"])
`,
    typescript: `
/** Parses RFC 4180 CSV: quoted fields, "" escapes, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\\n' || c === '\\r') {
      if (c === '\\r' && text[i + 1] === '\\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

console.log(parseCsv('name,quote\\nAda,"Hello, ""world"""\\n')); // [['name', 'quote'], ['Ada', 'Hello, "world"']]
`,
    go: `
package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"log"
	"os"
)

func main() {
	f, err := os.Open("people.csv")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		log.Fatal(err)
	}
	for {
		record, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		row := make(map[string]string, len(header))
		for i, name := range header {
			row[name] = record[i]
		}
		fmt.Println(row)
	}
}
`,
  },

  debounce: {
    typescript: `
/** Calls \`fn\` once \`waitMs\` have passed without another call; \`cancel()\` drops a pending call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, waitMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = (...args: A): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, waitMs);
  };
  debounced.cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return debounced;
}

const save = debounce((text: string) => console.log('saving', text), 300);
save('a');
save('ab');
save('abc'); // only this one is saved, 300 ms later
`,
    javascript: `
/**
 * Calls \`fn\` once \`waitMs\` have passed without another call.
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} waitMs
 */
function debounce(fn, waitMs) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), waitMs);
  };
}

const search = debounce((query) => console.log('searching for', query), 250);
document.querySelector('#search')?.addEventListener('input', (e) => search(e.target.value));
`,
    python: `
import threading
from collections.abc import Callable
from typing import Any


def debounce(wait_seconds: float) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Decorator: run the function once wait_seconds passed without another call."""

    def decorator(fn: Callable[..., None]) -> Callable[..., None]:
        timer: threading.Timer | None = None
        lock = threading.Lock()

        def debounced(*args: Any, **kwargs: Any) -> None:
            nonlocal timer
            with lock:
                if timer is not None:
                    timer.cancel()
                timer = threading.Timer(wait_seconds, fn, args, kwargs)
                timer.start()

        return debounced

    return decorator


@debounce(0.3)
def save(text: str) -> None:
    print("saving", text)


for partial in ("a", "ab", "abc"):
    save(partial)  # only "abc" is saved, 0.3 s later
`,
  },

  todo: {
    python: `
from dataclasses import dataclass


@dataclass
class Todo:
    id: int
    title: str
    done: bool = False


class TodoList:
    def __init__(self) -> None:
        self._items: dict[int, Todo] = {}
        self._next_id = 1

    def add(self, title: str) -> Todo:
        todo = Todo(self._next_id, title)
        self._items[todo.id] = todo
        self._next_id += 1
        return todo

    def complete(self, todo_id: int) -> None:
        self._items[todo_id].done = True

    def pending(self) -> list[Todo]:
        return [t for t in self._items.values() if not t.done]


todos = TodoList()
todos.add("Write tests")
todos.complete(todos.add("Ship it").id)
print(todos.pending())  # [Todo(id=1, title='Write tests', done=False)]
`,
    typescript: `
export interface Todo {
  readonly id: number;
  title: string;
  done: boolean;
}

export class TodoList {
  private readonly items = new Map<number, Todo>();
  private nextId = 1;

  add(title: string): Todo {
    if (!title.trim()) throw new Error('A todo needs a title');
    const todo: Todo = { id: this.nextId++, title: title.trim(), done: false };
    this.items.set(todo.id, todo);
    return todo;
  }

  toggle(id: number): void {
    const todo = this.items.get(id);
    if (!todo) throw new Error(\`No todo with id \${id}\`);
    todo.done = !todo.done;
  }

  remove(id: number): boolean {
    return this.items.delete(id);
  }

  get pending(): Todo[] {
    return [...this.items.values()].filter((t) => !t.done);
  }
}

const todos = new TodoList();
todos.add('Write tests');
todos.toggle(todos.add('Ship it').id);
console.log(todos.pending); // [{ id: 1, title: 'Write tests', done: false }]
`,
    javascript: `
const list = document.querySelector('#todos');
const form = document.querySelector('#new-todo');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const title = form.elements.title.value.trim();
  if (!title) return;
  const item = document.createElement('li');
  const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
  checkbox.addEventListener('change', () => item.classList.toggle('done', checkbox.checked));
  item.append(checkbox, \` \${title}\`);
  list.append(item);
  form.reset();
});
`,
    sql: `
CREATE TABLE todos (
  id         INTEGER PRIMARY KEY,
  title      TEXT    NOT NULL CHECK (length(trim(title)) > 0),
  done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  created_at TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO todos (title) VALUES ('Write tests'), ('Ship it');
UPDATE todos SET done = 1 WHERE title = 'Ship it';

SELECT id, title
FROM todos
WHERE done = 0
ORDER BY created_at;
`,
    html: `
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Todos</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; }
    li.done { text-decoration: line-through; color: #888; }
  </style>
</head>
<body>
  <h1>Todos</h1>
  <form id="new-todo">
    <input name="title" placeholder="What needs doing?" required>
    <button>Add</button>
  </form>
  <ul id="todos"></ul>
  <script>
    const form = document.querySelector('#new-todo');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const item = document.createElement('li');
      item.textContent = form.elements.title.value.trim();
      item.addEventListener('click', () => item.classList.toggle('done'));
      document.querySelector('#todos').append(item);
      form.reset();
    });
  </script>
</body>
</html>
`,
  },

  email: {
    python: `
import re

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")


def is_valid_email(address: str) -> bool:
    """A pragmatic check: local@domain.tld, no spaces; the real test is a confirmation mail."""
    return EMAIL_RE.fullmatch(address.strip()) is not None


assert is_valid_email("ada@example.com")
assert not is_valid_email("not an email")
assert not is_valid_email("ada@localhost")
`,
    typescript: `
const EMAIL = /^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)*\\.[^\\s@.]{2,}$/;

/** A pragmatic check: local@domain.tld, no spaces. The real test is sending a confirmation mail. */
export function isValidEmail(address: string): boolean {
  const trimmed = address.trim();
  return trimmed.length <= 254 && EMAIL.test(trimmed);
}

console.log(isValidEmail('ada@example.com')); // true
console.log(isValidEmail('ada@example')); // false
`,
    javascript: `
const EMAIL = /^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)*\\.[^\\s@.]{2,}$/;

/** @param {string} address */
function isValidEmail(address) {
  const trimmed = address.trim();
  return trimmed.length <= 254 && EMAIL.test(trimmed);
}

console.log(isValidEmail('ada@example.com')); // true
console.log(isValidEmail('ada@example')); // false
`,
    go: `
package main

import (
	"fmt"
	"net/mail"
	"strings"
)

// IsValidEmail accepts a bare address such as ada@example.com (no display name).
func IsValidEmail(address string) bool {
	parsed, err := mail.ParseAddress(address)
	return err == nil && parsed.Address == address && strings.Contains(address[strings.LastIndex(address, "@"):], ".")
}

func main() {
	fmt.Println(IsValidEmail("ada@example.com")) // true
	fmt.Println(IsValidEmail("ada@example"))     // false
}
`,
  },

  readFile: {
    python: `
from pathlib import Path


def read_lines(path: str | Path) -> list[str]:
    """Return the lines of a UTF-8 text file without their line endings."""
    return Path(path).read_text(encoding="utf-8").splitlines()


if __name__ == "__main__":
    for number, line in enumerate(read_lines("hello.py"), start=1):
        print(f"{number:4}: {line}")
`,
    typescript: `
import { readFile } from 'node:fs/promises';

/** Reads a UTF-8 text file and returns its lines (without line endings). */
export async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  return text.split(/\\r?\\n/);
}

readLines('app.ts')
  .then((lines) => lines.forEach((line, i) => console.log(\`\${String(i + 1).padStart(4)}: \${line}\`)))
  .catch((err: unknown) => console.error('Could not read the file:', err));
`,
    javascript: `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');

/** Prints a (possibly large) text file line by line without loading it all. */
async function printLines(path) {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) console.log(\`\${String(++number).padStart(4)}: \${line}\`);
}

printLines(process.argv[2] ?? 'app.js').catch((err) => console.error(err.message));
`,
    go: `
package main

import (
	"bufio"
	"fmt"
	"log"
	"os"
)

func main() {
	f, err := os.Open("hello.py")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	scanner := bufio.NewScanner(f)
	for n := 1; scanner.Scan(); n++ {
		fmt.Printf("%4d: %s\\n", n, scanner.Text())
	}
	if err := scanner.Err(); err != nil {
		log.Fatal(err)
	}
}
`,
    rust: `
use std::fs::File;
use std::io::{self, BufRead, BufReader};

fn main() -> io::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "hello.py".to_string());
    let reader = BufReader::new(File::open(&path)?);
    for (number, line) in reader.lines().enumerate() {
        println!("{:4}: {}", number + 1, line?);
    }
    Ok(())
}
`,
    java: `
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class ReadFile {
    public static void main(String[] args) throws IOException {
        Path path = Path.of(args.length > 0 ? args[0] : "hello.py");
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            System.out.printf("%4d: %s%n", i + 1, lines.get(i));
        }
    }
}
`,
    csharp: `
var path = args.Length > 0 ? args[0] : "hello.py";
var number = 0;
foreach (var line in File.ReadLines(path))
{
    Console.WriteLine($"{++number,4}: {line}");
}
`,
    bash: `
#!/usr/bin/env bash
# Prints a file with line numbers; keeps leading spaces and backslashes intact.
set -euo pipefail

file=\${1:-hello.py}
n=0
while IFS= read -r line || [[ -n $line ]]; do
  n=$((n + 1))
  printf '%4d: %s\\n' "$n" "$line"
done < "$file"
`,
  },

  classStruct: {
    python: `
from dataclasses import dataclass, field


@dataclass
class BankAccount:
    owner: str
    balance: float = 0.0
    history: list[float] = field(default_factory=list)

    def deposit(self, amount: float) -> None:
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.history.append(amount)

    def withdraw(self, amount: float) -> None:
        if amount > self.balance:
            raise ValueError("insufficient funds")
        self.balance -= amount
        self.history.append(-amount)


account = BankAccount("Ada")
account.deposit(100)
account.withdraw(30)
print(account)  # BankAccount(owner='Ada', balance=70.0, history=[100, -30])
`,
    typescript: `
export class Money {
  private constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}

  static of(amount: number, currency = 'EUR'): Money {
    return new Money(Math.round(amount * 100), currency);
  }

  add(other: Money): Money {
    if (other.currency !== this.currency) throw new Error(\`Cannot add \${other.currency} to \${this.currency}\`);
    return new Money(this.cents + other.cents, this.currency);
  }

  toString(): string {
    return new Intl.NumberFormat('en', { style: 'currency', currency: this.currency }).format(this.cents / 100);
  }
}

console.log(Money.of(19.99).add(Money.of(5)).toString()); // €24.99
`,
    javascript: `
class Counter {
  #count = 0;

  constructor(step = 1) {
    this.step = step;
  }

  increment() {
    this.#count += this.step;
    return this;
  }

  get value() {
    return this.#count;
  }
}

console.log(new Counter(2).increment().increment().value); // 4
`,
    go: `
package main

import (
	"errors"
	"fmt"
)

// Account is a bank account; the zero value is an empty account.
type Account struct {
	Owner   string
	balance int64 // in cents
}

var ErrInsufficientFunds = errors.New("insufficient funds")

func (a *Account) Deposit(cents int64) {
	a.balance += cents
}

func (a *Account) Withdraw(cents int64) error {
	if cents > a.balance {
		return ErrInsufficientFunds
	}
	a.balance -= cents
	return nil
}

func (a *Account) Balance() int64 { return a.balance }

func main() {
	acc := &Account{Owner: "Ada"}
	acc.Deposit(10_000)
	if err := acc.Withdraw(20_000); err != nil {
		fmt.Println("withdraw:", err)
	}
	fmt.Printf("%s has %d cents\\n", acc.Owner, acc.Balance())
}
`,
    rust: `
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    x: f64,
    y: f64,
}

impl Point {
    fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    fn distance_to(&self, other: &Point) -> f64 {
        ((self.x - other.x).powi(2) + (self.y - other.y).powi(2)).sqrt()
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {})", self.x, self.y)
    }
}

fn main() {
    let a = Point::new(0.0, 0.0);
    let b = Point::new(3.0, 4.0);
    println!("{a} -> {b}: {}", a.distance_to(&b)); // (0, 0) -> (3, 4): 5
}
`,
    java: `
import java.util.Objects;

/** An immutable amount of money in cents. */
public record Money(long cents, String currency) {
    public Money {
        Objects.requireNonNull(currency, "currency");
        if (cents < 0) throw new IllegalArgumentException("cents must be >= 0");
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("Cannot add " + other.currency + " to " + currency);
        }
        return new Money(cents + other.cents, currency);
    }

    public static void main(String[] args) {
        System.out.println(new Money(1999, "EUR").plus(new Money(500, "EUR"))); // Money[cents=2499, currency=EUR]
    }
}
`,
    csharp: `
var a = new Point(0, 0);
var b = new Point(3, 4);
Console.WriteLine($"{a} -> {b}: {a.DistanceTo(b)}"); // Point { X = 0, Y = 0 } -> Point { X = 3, Y = 4 }: 5

public readonly record struct Point(double X, double Y)
{
    public double DistanceTo(Point other) =>
        Math.Sqrt(Math.Pow(X - other.X, 2) + Math.Pow(Y - other.Y, 2));
}
`,
  },

  general: {
    python: `
import sys
from collections import Counter


def word_counts(text: str, top: int = 10) -> list[tuple[str, int]]:
    """The most common words of text, case-insensitive."""
    words = (w.strip(".,;:!?\\"'()").lower() for w in text.split())
    return Counter(w for w in words if w).most_common(top)


if __name__ == "__main__":
    for word, count in word_counts(sys.stdin.read()):
        print(f"{count:6} {word}")
`,
    typescript: `
/** Groups items by a key: groupBy(users, (u) => u.team). */
export function groupBy<T, K extends PropertyKey>(items: Iterable<T>, key: (item: T) => K): Record<K, T[]> {
  const groups = {} as Record<K, T[]>;
  for (const item of items) (groups[key(item)] ??= []).push(item);
  return groups;
}

const people = [
  { name: 'Ada', team: 'compilers' },
  { name: 'Grace', team: 'compilers' },
  { name: 'Linus', team: 'kernel' },
];
console.log(groupBy(people, (p) => p.team));
`,
    javascript: `
/**
 * Retries an async function with exponential backoff.
 * @template T
 * @param {() => Promise<T>} fn
 * @param {number} [attempts]
 * @returns {Promise<T>}
 */
async function retry(fn, attempts = 3) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 2 ** i * 100));
    }
  }
}

retry(() => fetch('https://example.com').then((r) => r.status)).then(console.log, console.error);
`,
    go: `
package main

import (
	"fmt"
	"strings"
)

// WordCount returns how often each word occurs, case-insensitive.
func WordCount(text string) map[string]int {
	counts := make(map[string]int)
	for _, word := range strings.Fields(strings.ToLower(text)) {
		counts[strings.Trim(word, ".,;:!?\\"'()")]++
	}
	return counts
}

func main() {
	fmt.Println(WordCount("the quick brown fox jumps over the lazy dog"))
}
`,
    rust: `
use std::collections::HashMap;

/// How often each word occurs, case-insensitive.
fn word_count(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if !word.is_empty() {
            *counts.entry(word).or_insert(0) += 1;
        }
    }
    counts
}

fn main() {
    let counts = word_count("The quick brown fox jumps over the lazy dog. The end.");
    println!("the: {}", counts["the"]); // the: 3
}
`,
    java: `
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

public class WordCount {
    public static Map<String, Long> count(String text) {
        return Arrays.stream(text.toLowerCase().split("\\\\W+"))
                .filter(word -> !word.isEmpty())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    public static void main(String[] args) {
        System.out.println(count("The quick brown fox jumps over the lazy dog. The end.").get("the")); // 3
    }
}
`,
    csharp: `
var text = "The quick brown fox jumps over the lazy dog. The end.";
var counts = text
    .Split(new[] { ' ', '.', ',' }, StringSplitOptions.RemoveEmptyEntries)
    .GroupBy(word => word.ToLowerInvariant())
    .OrderByDescending(group => group.Count())
    .Select(group => (Word: group.Key, Count: group.Count()));

foreach (var (word, count) in counts.Take(3))
{
    Console.WriteLine($"{word,-8}{count}");
}
`,
    bash: `
#!/usr/bin/env bash
# Makes a dated, compressed backup of a folder and keeps the newest 7.
set -euo pipefail

source_dir=\${1:?usage: backup.sh SOURCE_DIR [DEST_DIR]}
dest_dir=\${2:-$HOME/backups}
mkdir -p "$dest_dir"

archive="$dest_dir/$(basename "$source_dir")-$(date +%Y%m%d-%H%M%S).tar.gz"
tar -czf "$archive" -C "$(dirname "$source_dir")" "$(basename "$source_dir")"
echo "wrote $archive"

ls -1t "$dest_dir"/*.tar.gz | tail -n +8 | xargs -r rm --
`,
    sql: `
-- Monthly revenue per customer, with each customer's share of the month.
SELECT
  c.name,
  strftime('%Y-%m', o.ordered_at) AS month,
  SUM(o.total) AS revenue,
  ROUND(100.0 * SUM(o.total) / SUM(SUM(o.total)) OVER (PARTITION BY strftime('%Y-%m', o.ordered_at)), 1) AS share_pct
FROM orders AS o
JOIN customers AS c ON c.id = o.customer_id
GROUP BY c.name, month
ORDER BY month, revenue DESC;
`,
    html: `
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Profile card</title>
  <style>
    .card { display: flex; gap: 1rem; align-items: center; max-width: 24rem; padding: 1rem;
            border-radius: 12px; box-shadow: 0 2px 12px rgb(0 0 0 / 0.12); font-family: system-ui, sans-serif; }
    .card img { width: 64px; height: 64px; border-radius: 50%; }
    .card h2 { margin: 0; font-size: 1.1rem; }
  </style>
</head>
<body>
  <article class="card">
    <img src="https://placehold.co/64" alt="">
    <div>
      <h2>Ada Lovelace</h2>
      <p>Wrote the first program, in 1843.</p>
    </div>
  </article>
</body>
</html>
`,
    css: `
:root {
  --gap: 1rem;
  --radius: 12px;
  --accent: #3b82f6;
}

.cards {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
  gap: var(--gap);
  padding: var(--gap);
}

.card {
  padding: var(--gap);
  border-radius: var(--radius);
  box-shadow: 0 2px 12px rgb(0 0 0 / 0.12);
  transition: transform 150ms ease;
}

.card:hover {
  transform: translateY(-2px);
  outline: 2px solid var(--accent);
}

@media (prefers-color-scheme: dark) {
  .card {
    background: #1f2937;
    color: #f9fafb;
  }
}
`,
  },
};
