/**
 * The OpenAI-compatible provider against the real loopback server, built as the extension builds it
 * (behind the stream stage, with the real tokenizer in its worker), for the provider's unit suites.
 */
import * as assert from 'node:assert/strict';
import type { Logger } from '../../src/core/log';
import { OpenAiCompatibleProvider, type OpenAiCompatibleProviderOptions } from '../../src/core/provider/OpenAiCompatibleProvider';
import { consumeStream } from '../../src/core/stream/collect';
import { instrument, type StageOptions } from '../../src/core/stream/instrument';
import { WorkerTokenizer } from '../../src/core/stream/Tokenizer';
import type { ChatRequest, GenerationResult, LlmProvider, StreamEvent } from '../../src/core/stream/types';
import { OpenAiTestServer } from '../servers/openAiServer';
import { TOKENIZER_WORKER } from './tokenizer';

export interface RecordingLogger extends Logger {
  readonly lines: string[];
  /** Resolves with the next line that matches. */
  next(matches: (line: string) => boolean): Promise<string>;
}

/** A logger that keeps every line, to assert on what is (and is not) logged, and to wait for one. */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const waiters = new Set<(line: string) => void>();
  const push = (level: string) => (message: string | Error, ...args: unknown[]) => {
    const line = `${level} ${String(message)} ${args.map(String).join(' ')}`;
    lines.push(line);
    for (const waiter of [...waiters]) waiter(line);
  };
  const next = (matches: (line: string) => boolean): Promise<string> =>
    new Promise((resolve) => {
      const waiter = (line: string): void => {
        if (!matches(line)) return;
        waiters.delete(waiter);
        resolve(line);
      };
      waiters.add(waiter);
    });
  return { lines, next, trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

export interface LoopbackProviderSuite {
  readonly server: OpenAiTestServer;
  readonly logger: RecordingLogger;
  /** A provider of the suite's server behind the stream stage; options override the defaults. */
  provider(overrides?: Partial<OpenAiCompatibleProviderOptions>, stage?: StageOptions): LlmProvider;
  /** Runs one request (default: "Write hello world") to its end, checking that exactly one finish came last. */
  run(provider: LlmProvider, signal?: AbortSignal, request?: ChatRequest): Promise<{ result: GenerationResult; events: StreamEvent[] }>;
}

/** Registers hooks that start one server (reset before each test) and a fresh logger per test. */
export function useLoopbackProvider(): LoopbackProviderSuite {
  const tokenizer = new WorkerTokenizer(TOKENIZER_WORKER);
  let server: OpenAiTestServer | undefined;
  let logger = recordingLogger();
  before(async () => {
    server = await OpenAiTestServer.start();
  });
  after(async () => {
    tokenizer.dispose();
    await server?.close();
  });
  beforeEach(() => {
    server?.reset();
    logger = recordingLogger();
  });
  const suite: LoopbackProviderSuite = {
    get server() {
      if (!server) throw new Error('the loopback server starts in the suite\'s before hook');
      return server;
    },
    get logger() {
      return logger;
    },
    provider(overrides = {}, stage = {}) {
      const raw = new OpenAiCompatibleProvider({
        baseUrl: suite.server.baseUrl,
        model: 'loopback-small',
        logger,
        backoff: { baseDelayMs: 1, random: () => 0 },
        ...overrides,
      });
      return instrument(raw, { tokenizer, logger, systemPrompt: overrides.systemPrompt, ...stage });
    },
    async run(provider, signal = new AbortController().signal, request = { messages: [{ role: 'user', content: 'Write hello world' }] }) {
      const events: StreamEvent[] = [];
      async function* tap(): AsyncGenerator<StreamEvent> {
        for await (const e of provider.stream(request, signal)) {
          events.push(e);
          yield e;
        }
      }
      const result = await consumeStream(tap());
      assert.equal(events.filter((e) => e.type === 'finish').length, 1, 'exactly one finish event');
      assert.equal(events.at(-1)?.type, 'finish', 'finish is last');
      return { result, events };
    },
  };
  return suite;
}
