// A ChatView in jsdom, driven like the host drives it: host messages in, posted messages and state out.
import { FRAME_MS } from '../../../src/core/scheduler';
import type { ChatMessage, Conversation, HostMessage, WebviewMessage } from '../../../src/shared/protocol';
import { ChatView, type WebviewApi } from '../../../src/webview/ChatView';
import type { PersistedState } from '../../../src/webview/ViewState';
import { FakeScheduler } from '../../support/fakes/FakeScheduler';
import { createWindow, viewScheduler, type TestWindow } from './dom';

/** The webview API: records what the view posts, and what it writes with setState (as VS Code would, as JSON). */
export class FakeApi implements WebviewApi {
  readonly posted: WebviewMessage[] = [];
  /** Length of each setState's JSON, in order. */
  readonly writes: number[] = [];
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
    const json = JSON.stringify(state);
    this.writes.push(json.length);
    this.state = JSON.parse(json);
  }

  types(): string[] {
    return this.posted.map((m) => m.type);
  }
}

export interface ChatHarness {
  readonly window: TestWindow;
  readonly api: FakeApi;
  readonly clock: FakeScheduler;
  readonly view: ChatView;
  $<T extends Element = HTMLElement>(selector: string): T | null;
  $$(selector: string): HTMLElement[];
  /** A host message, through JSON like postMessage. */
  host(message: HostMessage): void;
  /** A key pressed in the input. */
  key(key: string, init?: KeyboardEventInit): void;
  /** Types `text` into the input (an input event). */
  type(text: string): void;
  /** The next animation frame. */
  frame(): Promise<void>;
}

/** A started ChatView in a fresh window, restored from `initialState` when given. */
export function chat(initialState?: unknown, options: { window?: TestWindow } = {}): ChatHarness {
  const window = options.window ?? createWindow();
  const api = new FakeApi(initialState);
  const clock = new FakeScheduler();
  const view = new ChatView(window, api, viewScheduler(clock));
  view.start(window.document.body);
  const $ = <T extends Element = HTMLElement>(selector: string) => window.document.querySelector<T>(selector);
  const $$ = (selector: string) => Array.from(window.document.querySelectorAll<HTMLElement>(selector));
  const input = () => $<HTMLTextAreaElement>('[data-role="input"]')!;
  return {
    window,
    api,
    clock,
    view,
    $,
    $$,
    host: (message) => view.handle(JSON.parse(JSON.stringify(message))),
    key: (key, init = {}) => input().dispatchEvent(new window.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })),
    type: (text) => {
      input().value = text;
      input().dispatchEvent(new window.Event('input'));
    },
    frame: () => clock.advance(FRAME_MS),
  };
}

export const user = (id: string, text: string): ChatMessage => ({ id, role: 'user', text, status: 'done', createdAt: 1 });

export const conversation = (messages: ChatMessage[] = []): Conversation => ({ id: 'c1', title: 'First', createdAt: 1, updatedAt: 2, messages });

/** An init with `messages` and nothing else. */
export const init = (messages: ChatMessage[] = []): HostMessage => ({ type: 'init', conversation: conversation(messages), history: [], context: [] });
