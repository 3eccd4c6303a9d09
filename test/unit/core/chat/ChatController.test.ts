import * as assert from 'node:assert/strict';
import { ChatController } from '../../../../src/core/chat/ChatController';
import { ConversationStore, MAX_CONVERSATIONS } from '../../../../src/core/chat/ConversationStore';
import { nullLogger } from '../../../../src/core/log';
import { instrument } from '../../../../src/core/stream/instrument';
import type { ChatRequest, ProviderEvent, RawProvider } from '../../../../src/core/stream/types';
import { MAX_ATTACHMENT_CHARS, MAX_ATTACHMENTS, MAX_PROMPT_CHARS } from '../../../../src/shared/limits';
import type { HostMessage } from '../../../../src/shared/protocol';
import { FakeScheduler, settle } from '../../../support/fakes/FakeScheduler';
import { MemoryStore } from '../../../support/fakes/MemoryStore';
import { ScriptedProvider } from '../../../support/fakes/ScriptedProvider';
import { chatSetup } from './chatHarness';

function setup(provider: RawProvider, storage = new MemoryStore()) {
  const { posted, store, controller, scheduler } = chatSetup(provider, { storage });
  /** Runs the answer to its end, firing the batcher's frame timers on the fake clock. */
  const finished = <T>(answer: Promise<T>): Promise<T> => scheduler.runUntil(answer);
  return { posted, store, controller, storage, finished };
}

/** Lets the controller and the provider run until `condition` holds (no time passes). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await settle();
  assert.ok(condition(), `never reached: ${what}`);
}

/** Answers each question as `answer` says (by the question and how often it was asked before): text, an error, or a stall. */
class AnswerProvider implements RawProvider {
  readonly id = 'answers';
  readonly requests: ChatRequest[] = [];
  private readonly asked = new Map<string, number>();

  constructor(private readonly answer: (question: string, call: number) => { text?: string; error?: string; hang?: boolean }) {}

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
    this.requests.push(request);
    const question = request.messages.at(-1)?.content ?? '';
    const call = this.asked.get(question) ?? 0;
    this.asked.set(question, call + 1);
    const { text, error, hang } = this.answer(question, call);
    if (error) {
      yield { type: 'end', reason: 'error', error: { kind: 'server', message: error, action: 'retry' } };
      return;
    }
    if (hang) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    if (signal.aborted) {
      yield { type: 'end', reason: 'cancelled' };
      return;
    }
    yield { type: 'text', text: text ?? '' };
    yield { type: 'end', reason: 'stop' };
  }
}

function textOf(posted: HostMessage[], id: string): string {
  return posted
    .filter((m): m is Extract<HostMessage, { type: 'streamChunk' }> => m.type === 'streamChunk' && m.id === id)
    .map((m) => m.text)
    .join('');
}

describe('ChatController', () => {
  it('streams an answer to the view and stores the conversation', async () => {
    const { posted, controller, storage, finished } = setup(new ScriptedProvider({ deltas: ['Hello', ', ', 'world'] }));
    const result = await finished(controller.send('Say hello'));
    assert.equal(result.text, 'Hello, world');
    assert.equal(result.finishReason, 'stop');
    const start = posted.find((m) => m.type === 'streamStart');
    assert.ok(start && start.type === 'streamStart');
    assert.equal(start.user?.text, 'Say hello');
    assert.equal(textOf(posted, start.id), 'Hello, world');
    assert.ok(posted.some((m) => m.type === 'streamDone' && m.id === start.id && m.finishReason === 'stop'));
    // A new store on the same storage (a reloaded window) sees the conversation.
    const reloaded = new ConversationStore(storage);
    assert.deepEqual(
      reloaded.current().messages.map((m) => [m.role, m.text, m.status]),
      [
        ['user', 'Say hello', 'done'],
        ['assistant', 'Hello, world', 'done'],
      ],
    );
    assert.equal(reloaded.summaries()[0]?.title, 'Say hello');
  });

  it('stops an answer, keeps its partial text and marks it stopped', async () => {
    const { posted, controller, store } = setup(new ScriptedProvider({ deltas: ['partial ', 'never'], hangBefore: 1 }));
    const pending = controller.send('q');
    await until(() => posted.some((m) => m.type === 'streamChunk' && m.text === 'partial '), 'the first chunk reached the view');
    const start = posted.find((m) => m.type === 'streamStart');
    assert.ok(start && start.type === 'streamStart');
    assert.ok(!posted.some((m) => m.type === 'streamDone' || m.type === 'streamError'), 'still streaming');
    controller.stop(start.id);
    const result = await pending;
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(result.text, 'partial ');
    const answer = store.current().messages.at(-1);
    assert.equal(answer?.status, 'stopped');
    assert.equal(answer?.text, 'partial ');
  });

  it('gives an Apply the files attached to the conversation, most recent first, and the question an answer is for', async () => {
    const provider = new ScriptedProvider({ deltas: ['ok'] });
    const { controller, store, finished } = setup(provider);
    controller.addContext({ id: 'c1', label: 'a.ts:1-2', description: 'src/a.ts:1-2', content: 'a' });
    await finished(controller.send('change a'));
    const firstAnswer = store.current().messages.at(-1)!.id;
    controller.addContext({ id: 'c2', label: 'b.ts', description: 'lib/b.ts', content: 'b' });
    await finished(controller.send('change b'));
    const secondAnswer = store.current().messages.at(-1)!.id;
    controller.addContext({ id: 'c3', label: 'c.ts', description: 'c.ts', content: 'c' });
    assert.deepEqual(controller.applyContext(secondAnswer), { attached: ['c.ts', 'lib/b.ts', 'src/a.ts'], question: 'change b' });
    assert.deepEqual(controller.applyContext(firstAnswer), { attached: ['c.ts', 'src/a.ts'], question: 'change a' });
    assert.deepEqual(controller.applyContext(), { attached: ['c.ts', 'lib/b.ts', 'src/a.ts'] });
  });

  it('sends earlier messages and attached context with the next question, and shows only the question', async () => {
    const provider = new ScriptedProvider({ deltas: ['ok'] });
    const { posted, controller, store, finished } = setup(provider);
    await finished(controller.send('first'));
    controller.addContext({ id: 'ctx1', label: 'a.ts:1-2', language: 'typescript', content: 'const a = 1;' });
    assert.ok(posted.some((m) => m.type === 'contextChanged' && m.context.length === 1));
    await finished(controller.send('explain'));
    const last = provider.requests.at(-1);
    assert.ok(last);
    assert.deepEqual(
      last.messages.map((m) => m.role),
      ['user', 'assistant', 'user'],
    );
    assert.match(last.messages[2]!.content, /Context from a\.ts:1-2 \(typescript\):\n```typescript\nconst a = 1;\n```\n\nexplain$/);
    // The context is consumed by the question it was sent with.
    const init = controller.initMessage();
    assert.ok(init.type === 'init');
    assert.equal(init.context.length, 0);
    const shown = init.conversation.messages.find((m) => m.text === 'explain');
    assert.equal(shown?.context?.[0]?.label, 'a.ts:1-2');
    assert.equal('prompt' in (shown ?? {}), false, 'the prompt sent is not posted to the view');
    assert.ok(store.current().messages.some((m) => m.prompt?.includes('const a = 1;')));
  });

  it('retries an answer, replacing it', async () => {
    const { posted, controller, store, finished } = setup(new ScriptedProvider({ deltas: ['again'] }));
    await finished(controller.send('q'));
    const first = store.current().messages.at(-1)!;
    const retried = await finished(controller.retry(first.id)!);
    assert.equal(retried?.text, 'again');
    const lastStart = posted.filter((m) => m.type === 'streamStart').at(-1);
    assert.ok(lastStart?.type === 'streamStart');
    assert.equal(lastStart.replaces, first.id);
    assert.deepEqual(
      store.current().messages.map((m) => m.role),
      ['user', 'assistant'],
    );
  });

  it('retries the answer it belongs to, with the history up to its question only, in its place', async () => {
    const provider = new AnswerProvider((question, call) => (question === 'q1' && call === 0 ? { error: 'The model crashed.' } : { text: `A(${question})` }));
    const { posted, controller, store, finished } = setup(provider);
    await finished(controller.send('q1'));
    await finished(controller.send('q2'));
    const failed = store.current().messages[1]!;
    assert.equal(failed.status, 'error');
    const retried = await finished(controller.retry(failed.id)!);
    assert.equal(retried.text, 'A(q1)');
    assert.deepEqual(
      provider.requests.at(-1)!.messages.map((m) => m.content),
      ['q1'],
      'the question of the retried answer, without what was asked after it',
    );
    assert.deepEqual(
      store.current().messages.map((m) => [m.role, m.text]),
      [
        ['user', 'q1'],
        ['assistant', 'A(q1)'],
        ['user', 'q2'],
        ['assistant', 'A(q2)'],
      ],
      'the new answer stands where the failed one stood',
    );
    const start = posted.filter((m) => m.type === 'streamStart').at(-1);
    assert.ok(start?.type === 'streamStart');
    assert.deepEqual([start.replaces, start.user], [failed.id, undefined]);
  });

  it('stops the answer still streaming before it retries another one', async () => {
    const provider = new AnswerProvider((question, call) => (question === 'q1' && call === 0 ? { error: 'The model crashed.' } : question === 'q2' ? { text: 'never', hang: true } : { text: 'A(q1)' }));
    const { posted, controller, store, finished } = setup(provider);
    await finished(controller.send('q1'));
    const failed = store.current().messages[1]!;
    const streaming = controller.send('q2');
    await until(() => provider.requests.length === 2, 'q2 is being answered');
    const retried = await finished(controller.retry(failed.id)!);
    assert.equal((await streaming).finishReason, 'cancelled', 'the answer to q2 was stopped');
    assert.equal(retried.text, 'A(q1)');
    assert.deepEqual(
      store.current().messages.map((m) => [m.role, m.status]),
      [
        ['user', 'done'],
        ['assistant', 'done'],
        ['user', 'done'],
        ['assistant', 'stopped'],
      ],
    );
    const stoppedId = store.current().messages[3]!.id;
    assert.ok(posted.some((m) => m.type === 'streamDone' && m.id === stoppedId && m.finishReason === 'cancelled'));
  });

  it('sends an attachment once, with its own question, and never with later ones', async () => {
    const provider = new ScriptedProvider({ deltas: ['ok'] });
    const { controller, finished } = setup(provider);
    const item = { id: 'ctx1', label: 'a.ts:1-1', language: 'typescript', description: 'src/a.ts:1-1', content: 'const a = 1;' };
    assert.equal(controller.addContext(item), undefined);
    // The same lines attached again replace the first chip instead of going twice.
    assert.equal(controller.addContext({ ...item, id: 'ctx2' }), undefined);
    const init = controller.initMessage();
    assert.ok(init.type === 'init');
    assert.deepEqual(init.context.map((c) => c.id), ['ctx2']);
    await finished(controller.send('explain'));
    await finished(controller.send('and then?'));
    await finished(controller.send('thanks'));
    const sent = provider.requests.at(-1)!.messages;
    assert.deepEqual(sent.map((m) => m.role), ['user', 'assistant', 'user', 'assistant', 'user']);
    assert.equal(sent.filter((m) => m.content.includes('const a = 1;')).length, 1, 'the attachment is in the history once');
    assert.match(sent[0]!.content, /const a = 1;[\s\S]*explain$/);
    assert.deepEqual([sent[2]!.content, sent[4]!.content], ['and then?', 'thanks'], 'later questions go without it');
  });

  it('refuses an attachment that is too large or one too many, and attaches nothing', () => {
    const { posted, controller } = setup(new ScriptedProvider({ deltas: ['ok'] }));
    const big = { id: 'big', label: 'big.ts', content: 'x'.repeat(MAX_ATTACHMENT_CHARS + 1) };
    assert.match(controller.addContext(big) ?? '', /big\.ts is 200,001 characters; the chat attaches at most 200,000/);
    assert.equal(posted.length, 0);
    for (let i = 0; i < MAX_ATTACHMENTS; i++) assert.equal(controller.addContext({ id: `c${i}`, label: `f${i}.ts`, description: `f${i}.ts`, content: `${i}` }), undefined);
    assert.match(controller.addContext({ id: 'one-more', label: 'g.ts', content: 'g' }) ?? '', /at most 10 attachments/);
    const init = controller.initMessage();
    assert.ok(init.type === 'init');
    assert.equal(init.context.length, MAX_ATTACHMENTS);
  });

  it('refuses a question too long before anything is cleared or sent', async () => {
    const provider = new ScriptedProvider({ deltas: ['ok'] });
    const { posted, controller, store } = setup(provider);
    controller.addContext({ id: 'ctx1', label: 'a.ts', content: 'const a = 1;' });
    posted.length = 0;
    const result = await controller.send('x'.repeat(MAX_PROMPT_CHARS + 1));
    assert.equal(result.finishReason, 'error');
    assert.equal(result.error?.kind, 'invalidArgument');
    assert.match(result.error?.message ?? '', /200,001 characters; Token Stream takes at most 200,000/);
    assert.deepEqual(posted, [], 'nothing posted: the attachment stays, no question appears');
    assert.equal(provider.requests.length, 0);
    assert.equal(store.current().messages.length, 0);
    const init = controller.initMessage();
    assert.ok(init.type === 'init');
    assert.equal(init.context.length, 1);
  });

  it("asks for a provider that may ask the user only for a person's question", async () => {
    const asked: boolean[] = [];
    const scheduler = new FakeScheduler();
    const controller = new ChatController(new ConversationStore(new MemoryStore()), {
      post: () => undefined,
      createProvider: (interactive) => {
        asked.push(interactive);
        return Promise.resolve(instrument(new ScriptedProvider({ deltas: ['ok'] }), { scheduler }));
      },
      scheduler,
      logger: nullLogger,
    });
    await scheduler.runUntil(controller.send('typed', { interactive: true }));
    await scheduler.runUntil(controller.send('from a program', { interactive: false }));
    assert.deepEqual(asked, [true, false]);
  });

  it('starts new chats, reopens old ones and keeps at most the newest conversations', async () => {
    const { posted, controller, store, finished } = setup(new ScriptedProvider({ deltas: ['a'] }));
    await finished(controller.send('one'));
    const firstId = store.current().id;
    controller.newChat();
    assert.notEqual(store.current().id, firstId);
    assert.ok(posted.some((m) => m.type === 'conversationLoaded' && m.conversation.messages.length === 0));
    controller.openConversation(firstId);
    assert.equal(store.current().id, firstId);
    for (let i = 0; i < MAX_CONVERSATIONS + 5; i++) store.create();
    assert.ok(store.summaries().length <= MAX_CONVERSATIONS);
  });

  it('streams reasoning to the view apart from the answer, stores it, and never sends it back', async () => {
    const provider = new ScriptedProvider({ deltas: ['<think>The user greets', ' me.</think>\n\n', 'Hello!'] });
    const { posted, controller, store, storage, finished } = setup(provider);
    const result = await finished(controller.send('Hi'));
    assert.equal(result.text, 'Hello!');
    assert.equal(result.reasoning, 'The user greets me.');
    const start = posted.find((m) => m.type === 'streamStart');
    assert.ok(start?.type === 'streamStart');
    assert.equal(textOf(posted, start.id), 'Hello!', 'the answer the view gets holds no reasoning');
    const reasoning = posted.filter((m): m is Extract<HostMessage, { type: 'streamReasoning' }> => m.type === 'streamReasoning' && m.id === start.id);
    assert.equal(reasoning.map((m) => m.text).join(''), 'The user greets me.');
    for (let i = 1; i < reasoning.length; i++) assert.equal(reasoning[i]!.offset, reasoning[i - 1]!.offset + reasoning[i - 1]!.text.length);
    const stored = new ConversationStore(storage).current().messages.at(-1);
    assert.deepEqual([stored?.text, stored?.reasoning], ['Hello!', 'The user greets me.']);
    await finished(controller.send('And now?'));
    assert.deepEqual(
      provider.requests.at(-1)?.messages.map((m) => m.content),
      ['Hi', 'Hello!', 'And now?'],
      'the history sent holds the answer without its reasoning',
    );
    assert.equal(store.current().messages.length, 4);
  });

  it('takes back what streamed as reasoning when it was the answer: the view drops it, the answer and the store hold it once', async () => {
    // A model whose template is taken to open its reasoning, served by a server that hides the reasoning:
    // the answer streams as reasoning and, with no closing tag at the end, is the answer.
    const raw = Object.assign(new ScriptedProvider({ deltas: ['Hello', ' there!'] }), { inlineReasoning: { opened: () => true, learn: () => undefined } });
    const { posted, controller, storage, finished } = setup(raw);
    const result = await finished(controller.send('Hi'));
    assert.equal(result.text, 'Hello there!');
    assert.equal(result.reasoning, undefined);
    const start = posted.find((m) => m.type === 'streamStart');
    assert.ok(start?.type === 'streamStart');
    const types = posted.filter((m) => 'id' in m && m.id === start.id).map((m) => m.type);
    assert.ok(types.includes('streamReasoning'), 'it streamed as reasoning first');
    assert.ok(types.indexOf('reasoningRetracted') < types.indexOf('streamDone'), types.join(' '));
    assert.deepEqual(posted.find((m) => m.type === 'reasoningRetracted'), { type: 'reasoningRetracted', id: start.id, length: 0 });
    assert.equal(textOf(posted, start.id), 'Hello there!');
    const stored = new ConversationStore(storage).current().messages.at(-1);
    assert.deepEqual([stored?.text, stored?.reasoning], ['Hello there!', undefined]);
  });

  it('shows the reasoning so far to a view that (re)connects mid-stream', async () => {
    const { controller } = setup(new ScriptedProvider({ reasoning: ['weighing options'], deltas: ['partial', ' rest'], hangBefore: 1 }));
    const pending = controller.send('q');
    const live = () => {
      const init = controller.initMessage();
      return init.type === 'init' ? init.conversation.messages.at(-1) : undefined;
    };
    await until(() => live()?.text === 'partial', 'the first answer text arrived');
    assert.deepEqual([live()?.status, live()?.text, live()?.reasoning], ['streaming', 'partial', 'weighing options']);
    controller.stopAll();
    await pending;
  });

  it("stores the user's open or folded choice for an answer's Thinking block, without making it newer", async () => {
    let now = 1000;
    const storage = new MemoryStore();
    const store = new ConversationStore(storage, () => now);
    const scheduler = new FakeScheduler();
    const controller = new ChatController(store, {
      post: () => undefined,
      createProvider: () => Promise.resolve(instrument(new ScriptedProvider({ reasoning: ['hmm'], deltas: ['ok'] }), { scheduler })),
      scheduler,
      logger: nullLogger,
    });
    await scheduler.runUntil(controller.send('q'));
    const answer = store.current().messages.at(-1)!;
    const updatedAt = store.current().updatedAt;
    now = 5000;
    controller.setReasoningOpen(answer.id, true);
    await settle();
    const reloaded = new ConversationStore(storage).current();
    assert.equal(reloaded.messages.at(-1)?.reasoningOpen, true);
    assert.equal(reloaded.updatedAt, updatedAt);
    controller.setReasoningOpen(answer.id, false);
    await settle();
    assert.equal(new ConversationStore(storage).current().messages.at(-1)?.reasoningOpen, false);
  });

  it('marks an answer that was streaming when VS Code went away as stopped', () => {
    const storage = new MemoryStore();
    storage.data.set('tokenStream.chat.conversations', {
      version: 1,
      currentId: 'c1',
      conversations: [
        {
          id: 'c1',
          title: 't',
          createdAt: 1,
          updatedAt: 1,
          messages: [{ id: 'm1', role: 'assistant', text: 'half', status: 'streaming', createdAt: 1 }],
        },
      ],
    });
    assert.equal(new ConversationStore(storage).current().messages[0]?.status, 'stopped');
  });
});
