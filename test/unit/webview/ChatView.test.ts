import * as assert from 'node:assert/strict';
import type { ChatMessage, Conversation, HostMessage, WebviewMessage } from '../../../src/shared/protocol';
import { ChatView, type PersistedState, type WebviewApi } from '../../../src/webview/ChatView';
import { createWindow, ManualScheduler } from './dom';

class FakeApi implements WebviewApi {
  posted: WebviewMessage[] = [];
  state: unknown;
  constructor(initial?: unknown) {
    this.state = initial;
  }
  postMessage(message: WebviewMessage): void {
    this.posted.push(message);
  }
  getState(): unknown {
    return this.state;
  }
  setState(state: PersistedState): void {
    this.state = JSON.parse(JSON.stringify(state));
  }
  types(): string[] {
    return this.posted.map((m) => m.type);
  }
}

function setup(initialState?: unknown) {
  const window = createWindow();
  const api = new FakeApi(initialState);
  const frames = new ManualScheduler();
  const view = new ChatView(window, api, frames.schedule);
  view.start(window.document.body);
  const $ = <T extends Element = HTMLElement>(sel: string) => window.document.querySelector<T>(sel as string) as T | null;
  const $$ = (sel: string) => Array.from(window.document.querySelectorAll<HTMLElement>(sel));
  const host = (m: HostMessage) => view.handle(JSON.parse(JSON.stringify(m)));
  const key = (key: string, init: KeyboardEventInit = {}) =>
    $<HTMLTextAreaElement>('[data-role="input"]')!.dispatchEvent(new window.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  return { window, api, frames, view, $, $$, host, key };
}

const user = (id: string, text: string): ChatMessage => ({ id, role: 'user', text, status: 'done', createdAt: 1 });
const conversation = (messages: ChatMessage[] = []): Conversation => ({ id: 'c1', title: 'First', createdAt: 1, updatedAt: 2, messages });

describe('ChatView', () => {
  it('says ready on start and renders the init state', () => {
    const { api, host, $$, $ } = setup();
    assert.deepEqual(api.types(), ['ready']);
    host({
      type: 'init',
      conversation: conversation([
        user('u1', 'What is **2+2**?'),
        { id: 'a1', role: 'assistant', text: 'It is **4**.', status: 'done', createdAt: 2, metrics: { elapsedMs: 900, completionTokens: 5, timeToFirstTokenMs: 250, tokensPerSecond: 7.5, estimated: true } },
      ]),
      history: [{ id: 'c1', title: 'First', updatedAt: 2, messageCount: 2 }],
      context: [{ id: 'f1', label: 'main.ts', language: 'typescript' }],
    });
    const messages = $$('[data-role="message"]');
    assert.equal(messages.length, 2);
    assert.equal(messages[0].textContent, 'What is **2+2**?', 'user text is plain');
    assert.equal(messages[1].querySelector('strong')?.textContent, '4');
    const footer = $('[data-role="message-footer"]')!.textContent!;
    assert.match(footer, /250 ms to first token/);
    assert.match(footer, /~5 tokens/);
    assert.match(footer, /7\.5 tokens\/s/);
    assert.match(footer, /estimated/);
    assert.equal($$('[data-role="context-chip"]').length, 1);
    assert.match($('[data-role="context-chip"]')!.textContent!, /main\.ts.*typescript/);
  });

  it('streams an answer: start, chunks once per frame, done; Send becomes Stop meanwhile', () => {
    const { api, host, frames, $, key } = setup();
    host({ type: 'init', conversation: conversation(), history: [], context: [] });
    const input = $<HTMLTextAreaElement>('[data-role="input"]')!;
    input.value = 'Write add()';
    key('Enter');
    assert.deepEqual(api.posted.at(-1), { type: 'send', text: 'Write add()', context: [] });
    assert.equal(input.value, '');

    host({ type: 'streamStart', id: 'a1', conversationId: 'c1', user: user('u1', 'Write add()'), createdAt: 3 });
    assert.ok($('[data-role="stop"]'), 'send button became stop');
    assert.equal($('[data-role="send"]'), null);
    host({ type: 'streamChunk', id: 'a1', text: 'Here:\n\n```ts\nfunction add', offset: 0 });
    assert.equal($('[data-message-role="assistant"] p')?.textContent, 'Here:', 'the first chunk is shown at once, without waiting for a frame');
    host({ type: 'streamChunk', id: 'a1', text: '(a, b) { return a + b; }\n', offset: 25 });
    assert.equal($('[data-message-role="assistant"] code')?.textContent, 'function add', 'later chunks wait for the frame');
    frames.run();
    assert.equal($('[data-message-role="assistant"] code')?.textContent, 'function add(a, b) { return a + b; }\n');

    key('Escape');
    assert.deepEqual(api.posted.at(-1), { type: 'stop', id: 'a1' });

    host({ type: 'streamChunk', id: 'a1', text: '```\n', offset: 50 });
    host({ type: 'streamDone', id: 'a1', finishReason: 'stop', metrics: { elapsedMs: 1000, completionTokens: 12, estimated: false } });
    assert.ok($('[data-role="send"]'));
    assert.equal($('[data-message-role="assistant"]')?.dataset.status, 'done');
    assert.match($('[data-role="message-footer"]')!.textContent!, /12 tokens/);
  });

  it('Shift+Enter does not send; Enter while streaming does not send', () => {
    const { api, host, $, key } = setup();
    host({ type: 'init', conversation: conversation(), history: [], context: [] });
    $<HTMLTextAreaElement>('[data-role="input"]')!.value = 'line';
    key('Enter', { shiftKey: true });
    assert.deepEqual(api.types(), ['ready']);
    host({ type: 'streamStart', id: 'a1', conversationId: 'c1', createdAt: 1 });
    key('Enter');
    assert.deepEqual(api.types(), ['ready']);
  });

  it('appends idempotently by offset and asks for state on a gap', () => {
    const { api, host, frames, $ } = setup();
    host({
      type: 'init',
      conversation: conversation([{ id: 'a1', role: 'assistant', text: 'Hello wor', status: 'streaming', createdAt: 1 }]),
      history: [],
      context: [],
    });
    // Restored mid-stream: rendered at once, Stop shown, later chunks continue.
    assert.equal($('[data-message-role="assistant"] p')?.textContent, 'Hello wor');
    assert.ok($('[data-role="stop"]'));
    host({ type: 'streamChunk', id: 'a1', text: 'world', offset: 6 }); // overlaps what init had
    host({ type: 'streamChunk', id: 'a1', text: 'world', offset: 6 }); // duplicate
    frames.run();
    assert.equal($('[data-message-role="assistant"] p')?.textContent, 'Hello world');
    host({ type: 'streamChunk', id: 'a1', text: '!!', offset: 50 });
    assert.equal(api.posted.at(-1)?.type, 'ready', 'gap -> re-sync');
  });

  it('marks stopped answers and shows errors with Retry and the fixing action', () => {
    const { api, host, $, $$ } = setup();
    host({ type: 'init', conversation: conversation(), history: [], context: [] });
    host({ type: 'streamStart', id: 'a1', conversationId: 'c1', createdAt: 1 });
    host({ type: 'streamChunk', id: 'a1', text: 'partial', offset: 0 });
    host({ type: 'streamDone', id: 'a1', finishReason: 'cancelled' });
    assert.equal($('[data-role="stopped"]')?.textContent, 'Stopped');
    assert.equal($('[data-message-role="assistant"]')?.textContent?.includes('partial'), true);

    host({ type: 'streamStart', id: 'a2', conversationId: 'c1', user: user('u2', 'again'), createdAt: 2 });
    host({ type: 'streamChunk', id: 'a2', text: 'kept text', offset: 0 });
    host({ type: 'streamError', id: 'a2', message: 'Invalid API key.', action: 'setApiKey' });
    const error = $('[data-role="message-error"]')!;
    assert.match(error.textContent!, /Invalid API key\./);
    assert.match($$('[data-message-role="assistant"]')[1].textContent!, /kept text/);
    error.querySelector<HTMLElement>('[data-role="retry"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'retry', id: 'a2' });
    error.querySelector<HTMLElement>('[data-role="error-action"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'errorAction', id: 'a2', action: 'setApiKey' });

    // Retry: the host streams a new answer that replaces the failed one.
    host({ type: 'streamStart', id: 'a3', conversationId: 'c1', replaces: 'a2', createdAt: 3 });
    assert.equal($('[data-id="a2"]'), null);
    assert.ok($('[data-id="a3"]'));
  });

  it('routes code block actions and links to the host', async () => {
    const { api, host, $ } = setup();
    host({
      type: 'init',
      conversation: conversation([
        { id: 'a1', role: 'assistant', text: 'See [docs](https://example.com) and [bad](javascript:alert(1)).\n\n```python\nprint(1)\n```\n', status: 'done', createdAt: 1 },
      ]),
      history: [],
      context: [],
    });
    $('[data-role="code-insert"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'insertCode', code: 'print(1)\n', language: 'python' });
    $('[data-role="code-open"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'openInEditor', code: 'print(1)\n', language: 'python' });
    $('[data-role="code-copy"]')!.click();
    await new Promise((r) => setTimeout(r, 0));
    // jsdom has no clipboard: the view falls back to the host.
    assert.deepEqual(api.posted.at(-1), { type: 'copyCode', code: 'print(1)\n' });
    const links = Array.from(document_(api, $).querySelectorAll('a'));
    links[0].click();
    assert.deepEqual(api.posted.at(-1), { type: 'openLink', href: 'https://example.com' });
    const count = api.posted.length;
    links[1].click();
    assert.equal(api.posted.length, count, 'inert link posts nothing');
  });

  it('removes context chips and toggles the history list', () => {
    const { api, host, $, $$ } = setup();
    host({
      type: 'init',
      conversation: conversation(),
      history: [
        { id: 'c1', title: 'First', updatedAt: Date.now(), messageCount: 2 },
        { id: 'c0', title: 'Older', updatedAt: 0, messageCount: 4 },
      ],
      context: [{ id: 'f1', label: 'a.ts' }, { id: 'f2', label: 'b.py', language: 'python' }],
    });
    $('[data-id="f1"] [data-role="context-remove"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'removeContext', id: 'f1' });
    assert.deepEqual($$('[data-role="context-chip"]').map((c) => c.dataset.id), ['f2']);

    assert.equal($('[data-role="history"]')!.hidden, true);
    host({ type: 'showHistory' });
    assert.equal($('[data-role="history"]')!.hidden, false);
    assert.deepEqual($$('[data-role="history-item"]').map((i) => i.querySelector('.history-item-title')?.textContent), ['First', 'Older']);
    $$('[data-role="history-item"]')[1].click();
    assert.deepEqual(api.posted.at(-1), { type: 'openConversation', id: 'c0' });
    host({ type: 'conversationLoaded', conversation: { ...conversation([user('u9', 'old question')]), id: 'c0' } });
    assert.equal($('[data-role="history"]')!.hidden, true);
    assert.equal($$('[data-role="message"]').length, 1);
  });

  it('restores from getState before the host answers, and ignores malformed messages', () => {
    const first = setup();
    first.host({ type: 'init', conversation: conversation([user('u1', 'hi')]), history: [], context: [] });
    first.$<HTMLTextAreaElement>('[data-role="input"]')!.value = 'draft';
    first.$<HTMLTextAreaElement>('[data-role="input"]')!.dispatchEvent(new first.window.Event('input'));
    first.host({ type: 'showHistory', visible: false });
    const second = setup(first.api.state);
    assert.equal(second.$$('[data-role="message"]').length, 1);
    assert.equal(second.$<HTMLTextAreaElement>('[data-role="input"]')!.value, 'draft');
    second.view.handle({ type: 'streamChunk', id: 'x' });
    second.view.handle({ type: 'init', conversation: { id: 1 } });
    second.view.handle('<img src=x onerror=alert(1)>');
    assert.equal(second.$$('[data-role="message"]').length, 1);
  });

});

/** The document the view rendered into (helper keeps the test above readable). */
function document_(_api: FakeApi, $: (sel: string) => HTMLElement | null): Document {
  return $('[data-role="messages"]')!.ownerDocument;
}
