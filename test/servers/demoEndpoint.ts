/**
 * The project's own local demo endpoint: a real OpenAI-compatible HTTP server on 127.0.0.1 (the loopback
 * OpenAiTestServer) that answers every chat completion with hand-written, prompt-dependent sample code,
 * streamed at a model-like pace (about 40-80 tokens/s with a little jitter, word-sized tokens). The samples
 * are plain files in demo-samples/ beside this file, one per task and language (`binarySearch.rs`), read
 * when the endpoint starts.
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
 * The model "demo-reasoner" (also listed by GET /models) answers the same, after a few sentences of
 * reasoning in `reasoning_content`, as DeepSeek's and vLLM's reasoning models send it: the chat shows
 * them in its Thinking block, and they never reach a document.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { realScheduler, type Scheduler } from '../../src/core/scheduler';
import { OpenAiTestServer, type RecordedRequest, type ResponseScript } from './openAiServer';
import { buildChatStreamEvents, splitIntoTokens, type WireUsage } from './sse';

export interface DemoEndpointOptions {
  /** Port on 127.0.0.1 (default: a free one). */
  readonly port?: number;
  /** Average streaming rate (default 60). Above 500 the answer is sent without pacing or jitter. */
  readonly tokensPerSecond?: number;
  /** The clock the pacing waits on (default: the real one; tests pass a fake one). */
  readonly clock?: Scheduler;
  /** The jitter's random numbers in [0, 1) (default Math.random; tests pass a seeded one). */
  readonly random?: () => number;
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
/** The demo's reasoning model: the same answers, after some thinking. */
export const DEMO_REASONING_MODEL = 'demo-reasoner';

/** Said once in every answer (as prose, and as a comment on the first code line). */
const DEMO_NOTICE =
  'This answer comes from the Token Stream demo endpoint (canned samples, no model behind it).';

const REAL_ENDPOINT_HOWTO =
  'To use a real model, restart the demo with `TOKEN_STREAM_BASE_URL`, `OPENAI_API_KEY` and `TOKEN_STREAM_MODEL` set, ' +
  'for example OpenAI `https://api.openai.com/v1`, Ollama `http://localhost:11434/v1`, LM Studio `http://localhost:1234/v1` ' +
  'or vLLM `http://localhost:8000/v1` (or set `tokenStream.baseUrl` and run "Token Stream: Set API Key...").';

export async function startDemoEndpoint(options: DemoEndpointOptions = {}): Promise<DemoEndpoint> {
  const tokensPerSecond = options.tokensPerSecond ?? 60;
  const samples = loadSamples();
  const random = options.random ?? Math.random;
  const server = await OpenAiTestServer.start({
    models: [DEMO_MODEL, DEMO_REASONING_MODEL],
    handler: (request) => demoScript(request, samples, tokensPerSecond, random),
    scheduler: options.clock ?? realScheduler,
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
    try {
      await new Promise<void>((resolve, reject) => {
        forwarder!.once('error', reject);
        forwarder!.listen(options.port, '127.0.0.1', () => resolve());
      });
    } catch (err) {
      await server.close();
      throw err;
    }
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
function demoScript(request: RecordedRequest, samples: Samples, tokensPerSecond: number, random: () => number): ResponseScript {
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
  const text = demoAnswer(prompt, context, samples);
  const model = body.model || DEMO_MODEL;
  const tokens = splitIntoTokens(text);
  const reasoning = model === DEMO_REASONING_MODEL ? demoReasoning(prompt) : undefined;

  if (body.stream !== true) {
    const completion = {
      id: `chatcmpl-demo${request.index}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text, ...(reasoning ? { reasoning_content: reasoning } : {}) },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: usageFor(messages, tokens.length),
    };
    return { type: 'raw', status: 200, contentType: 'application/json', chunks: [JSON.stringify(completion)] };
  }

  const events = buildChatStreamEvents({
    identity: { id: `chatcmpl-demo${request.index}`, model, created: Math.floor(Date.now() / 1000) },
    tokens,
    ...(reasoning ? { reasoningTokens: splitIntoTokens(reasoning) } : {}),
    finishReason: 'stop',
    usage: body.stream_options?.include_usage === true ? usageFor(messages, tokens.length) : undefined,
  });
  if (tokensPerSecond > 500) return { type: 'raw', chunks: events };
  return { type: 'raw', ...pace(events, tokensPerSecond, random) };
}

/** What the demo's reasoning model "thinks" before answering `prompt`. */
function demoReasoning(prompt: string): string {
  const asked = prompt.trim().replace(/\s+/g, ' ').slice(0, 120) || 'this request';
  return [
    `The user asks: "${asked}". Let me work out what they need.`,
    '',
    'First, which language: the prompt may name one; otherwise the open file or the earlier messages tell.',
    'Then the task itself: keep the code short, idiomatic, and runnable as it is.',
    '',
    "I'll answer with one code block and a sentence on how to use it. (This is the demo endpoint's canned reasoning.)",
  ].join('\n');
}

function usageFor(messages: readonly WireMessage[], completionTokens: number): WireUsage {
  const promptChars = messages.reduce((n, m) => n + messageText(m.content).length, 0);
  const prompt = Math.max(1, Math.ceil(promptChars / 4));
  return { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens };
}

/** The loopback server waits one fixed delay (a tick) before every chunk; a token waits 2 ticks on average. */
const TICKS_PER_TOKEN = 2;

/**
 * Pacing with jitter on top of the server's fixed per-chunk delay: empty chunks (which write nothing but
 * still wait one tick) go before each event, 1-3 ticks per token (2 on average), a little longer after a
 * line break, the way a model's output arrives.
 */
export function pace(events: readonly string[], tokensPerSecond: number, random: () => number): { chunks: string[]; delayMs: number } {
  const chunks: string[] = [];
  let previousEndedLine = false;
  for (const event of events) {
    const ticks = 1 + Math.floor(random() * 3) + (previousEndedLine && random() < 0.3 ? 1 : 0);
    for (let i = 1; i < ticks; i++) chunks.push('');
    chunks.push(event);
    previousEndedLine = event.includes('\\n');
  }
  return { chunks, delayMs: 1000 / tokensPerSecond / TICKS_PER_TOKEN };
}

// ---------------------------------------------------------------------------------------------
// Languages and tasks

export type Lang = 'python' | 'typescript' | 'javascript' | 'go' | 'rust' | 'java' | 'csharp' | 'bash' | 'sql' | 'html' | 'css';
export type Task =
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
export function demoAnswer(prompt: string, context = '', samples: Samples = loadSamples()): string {
  const lang = detectLanguage(prompt, context);
  const task = detectTask(prompt);
  const exact = samples[task]?.[lang];
  const code = exact ?? samples.general[lang] ?? samples.general.typescript!;
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
// The samples: hand-written, idiomatic, and correct as standalone files, in demo-samples/.

export type Samples = Record<Task, Partial<Record<Lang, string>>>;

const SAMPLE_EXTENSIONS: Record<string, Lang> = {
  py: 'python',
  ts: 'typescript',
  js: 'javascript',
  go: 'go',
  rs: 'rust',
  java: 'java',
  cs: 'csharp',
  sh: 'bash',
  sql: 'sql',
  html: 'html',
  css: 'css',
};

/**
 * The folder of the samples, in the repository. This module also runs from bundles under out/ (tests,
 * demo), so the repository is found upward from wherever the code runs: the nearest folder with a
 * package.json.
 */
function samplesDirectory(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'test', 'servers', 'demo-samples');
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

let loaded: Samples | undefined;

/** Reads every sample file once: `<task>.<extension>`, for example `binarySearch.rs`. */
export function loadSamples(): Samples {
  if (loaded) return loaded;
  const dir = samplesDirectory();
  const samples = Object.fromEntries(Object.keys(TASK_TITLES).map((task) => [task, {}])) as Samples;
  for (const file of fs.readdirSync(dir)) {
    const match = /^(\w+)\.(\w+)$/.exec(file);
    const task = match?.[1] as Task | undefined;
    const lang = match ? SAMPLE_EXTENSIONS[match[2]!] : undefined;
    if (!task || !(task in samples) || !lang) throw new Error(`demo-samples/${file} is not named <task>.<language extension>`);
    samples[task][lang] = fs.readFileSync(path.join(dir, file), 'utf8');
  }
  loaded = samples;
  return samples;
}
