/**
 * The one protocol between the extension host and the chat webview, shared by both bundles.
 * Pure data and guards: no import of 'vscode', no DOM. Every message that crosses the boundary is
 * untrusted on arrival and goes through `isWebviewMessage` / `isHostMessage` first.
 *
 * Handshake: the webview posts `ready` once its script runs (and again whenever it notices it missed
 * text); the host posts nothing before the first `ready` and answers every `ready` with a full `init`.
 * A view can be destroyed while hidden and re-created, so `init` is the only thing the webview needs
 * to catch up, including a message that is still streaming.
 *
 * Streams: `streamStart` -> `streamChunk`* -> exactly one of `streamDone` / `streamError`, all under the
 * assistant message id. `streamChunk.offset` is the length of the message text before this chunk, so
 * appending is idempotent across a re-sent `init` and a gap is detected instead of garbling text.
 * Continuing a cut answer (the webview's `continue`) streams into the same message: `streamResume` ->
 * `streamChunk`* (offsets go on from the text it had) -> `streamDone` / `streamError`.
 */

import { isErrorAction, isFinishReason, type ErrorAction, type FinishReason } from './outcomes';

export type { ErrorAction, FinishReason };

// ---------------------------------------------------------------------------------------------
// Data shared by both sides

export type MessageRole = 'user' | 'assistant';

export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** Footer numbers of an answer; mirrors core StreamMetrics plus prompt tokens from Usage. */
export interface MessageMetrics {
  readonly timeToFirstTokenMs?: number;
  readonly elapsedMs: number;
  readonly completionTokens: number;
  readonly promptTokens?: number;
  readonly tokensPerSecond?: number;
  /** True when tokens were counted locally because the server sent no usage. */
  readonly estimated: boolean;
}

/** A piece of editor context attached to the next question (a file or a selection). */
export interface ContextChip {
  readonly id: string;
  /** What the chip shows, usually the file name, e.g. "main.ts" or "main.ts:10-24". */
  readonly label: string;
  /** VS Code language id, e.g. "typescript". */
  readonly language?: string;
  /** Tooltip: workspace-relative path. */
  readonly description?: string;
}

export interface ChatMessage {
  readonly id: string;
  readonly role: MessageRole;
  /** Full text so far; for a streaming message, what the host has seen at the time of posting. */
  readonly text: string;
  readonly status: MessageStatus;
  /** Set when status is 'error'. */
  readonly error?: string;
  readonly errorAction?: ErrorAction;
  readonly metrics?: MessageMetrics;
  readonly model?: string;
  /** Context chips sent with a user message. */
  readonly context?: readonly ContextChip[];
  /** An assistant answer's reasoning ("thinking") so far; never part of `text`, never inserted into a document. */
  readonly reasoning?: string;
  /**
   * The user's choice for the Thinking block of this message: true open, false folded. Absent means the
   * default: open while the model thinks, folded once the answer starts.
   */
  readonly reasoningOpen?: boolean;
  /** The answer was cut (token limit, or a broken stream after some text) and Continue can finish it. */
  readonly continuable?: boolean;
  /** How many times the answer was continued (its footer says "Continued"). */
  readonly continued?: number;
  /** Epoch ms. */
  readonly createdAt: number;
}

export interface Conversation {
  readonly id: string;
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly messages: readonly ChatMessage[];
}

/** One row of the history list. */
export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  /** Epoch ms of the last change. */
  readonly updatedAt: number;
  readonly messageCount: number;
}

// ---------------------------------------------------------------------------------------------
// webview -> extension

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'send'; readonly text: string; readonly context: readonly ContextChip[] }
  | { readonly type: 'stop'; readonly id: string }
  | { readonly type: 'retry'; readonly id: string }
  | { readonly type: 'errorAction'; readonly id: string; readonly action: ErrorAction }
  | { readonly type: 'insertCode'; readonly code: string; readonly language?: string }
  /**
   * Apply a code block to a file as a reviewable diff. `requestId` names the click (the host's
   * `applyResult` answers it); `messageId` is the answer the block is in (its conversation's attached file
   * and question help find the target and merge).
   */
  | { readonly type: 'applyCode'; readonly requestId: string; readonly code: string; readonly language?: string; readonly messageId?: string }
  /** Fallback only: the webview copies with navigator.clipboard and asks the host when that fails. */
  | { readonly type: 'copyCode'; readonly code: string }
  | { readonly type: 'openInEditor'; readonly code: string; readonly language?: string }
  | { readonly type: 'newChat' }
  | { readonly type: 'openConversation'; readonly id: string }
  | { readonly type: 'deleteConversation'; readonly id: string }
  | { readonly type: 'removeContext'; readonly id: string }
  /** The user opened (true) or folded (false) the Thinking block of assistant message `id`; the host stores it. */
  | { readonly type: 'toggleReasoning'; readonly id: string; readonly open: boolean }
  /** Only http(s) and mailto; the host re-checks the scheme before vscode.env.openExternal. */
  | { readonly type: 'openLink'; readonly href: string }
  /** Continue the cut answer `id` in place (its footer's Continue). */
  | { readonly type: 'continue'; readonly id: string };

// ---------------------------------------------------------------------------------------------
// extension -> webview

export type HostMessage =
  /** Full state; the answer to every `ready`. A streaming last message is rendered and then continued. */
  | {
      readonly type: 'init';
      readonly conversation: Conversation;
      readonly history: readonly ConversationSummary[];
      readonly context: readonly ContextChip[];
    }
  /**
   * An assistant answer begins. `user` is the question it answers when it is new (absent on retry);
   * `replaces` is the id of the assistant message a retry supersedes: the new answer takes its place.
   */
  | {
      readonly type: 'streamStart';
      readonly id: string;
      readonly conversationId: string;
      readonly user?: ChatMessage;
      readonly replaces?: string;
      readonly model?: string;
      readonly createdAt: number;
    }
  /** `text` is appended; `offset` is the message's text length before it. */
  | { readonly type: 'streamChunk'; readonly id: string; readonly text: string; readonly offset: number }
  /** Reasoning ("thinking") of message `id`: `text` is appended to its reasoning; `offset` is the reasoning's length before it. */
  | { readonly type: 'streamReasoning'; readonly id: string; readonly text: string; readonly offset: number }
  /**
   * The reasoning of message `id` past its first `length` characters was the answer after all (it comes
   * as answer text): the view keeps only those, and drops its Thinking block when none are left.
   */
  | { readonly type: 'reasoningRetracted'; readonly id: string; readonly length: number }
  | {
      readonly type: 'streamDone';
      readonly id: string;
      readonly finishReason: FinishReason;
      readonly metrics?: MessageMetrics;
      /** See ChatMessage.continuable and .continued. */
      readonly continuable?: boolean;
      readonly continued?: number;
    }
  | {
      readonly type: 'streamError';
      readonly id: string;
      readonly message: string;
      readonly action?: ErrorAction;
      readonly metrics?: MessageMetrics;
      readonly continuable?: boolean;
      readonly continued?: number;
    }
  /** The ended answer `id` streams again (Continue): chunks append to the text it has. */
  | { readonly type: 'streamResume'; readonly id: string; readonly conversationId: string }
  | { readonly type: 'contextChanged'; readonly context: readonly ContextChip[] }
  | { readonly type: 'historyChanged'; readonly history: readonly ConversationSummary[] }
  /** After newChat / openConversation (or a conversation changed elsewhere): replaces the view. */
  | { readonly type: 'conversationLoaded'; readonly conversation: Conversation }
  /** View title action "History": show (true), hide (false) or toggle (absent) the history list. */
  | { readonly type: 'showHistory'; readonly visible?: boolean }
  /**
   * How an `applyCode` went: shown for review in `file` with `hunks` changes, by `tier` ('exact' and
   * 'anchored' without a model, in `elapsedMs`; 'model' by a model merge), or `error`.
   */
  | {
      readonly type: 'applyResult';
      readonly requestId: string;
      readonly tier: ApplyTier;
      readonly hunks: number;
      readonly file?: string;
      readonly elapsedMs?: number;
      readonly error?: string;
    };

/** How a code block was applied: without a model ('exact', 'anchored') or by a model merge. */
export type ApplyTier = 'exact' | 'anchored' | 'model';

export type WebviewMessageType = WebviewMessage['type'];
export type HostMessageType = HostMessage['type'];

// ---------------------------------------------------------------------------------------------
// Guards: structural validation of untrusted input (no prototype tricks, bounded work).

type Check = (v: unknown) => boolean;

const MAX_TEXT = 10_000_000;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v) => typeof v === 'string' && v.length <= MAX_TEXT;
const id: Check = (v) => typeof v === 'string' && v.length > 0 && v.length <= 200;
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const count: Check = (v) => num(v) && (v as number) >= 0 && Number.isInteger(v);
const bool: Check = (v) => typeof v === 'boolean';
const opt =
  (c: Check): Check =>
  (v) =>
    v === undefined || c(v);
const oneOf =
  (...values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const arrayOf =
  (c: Check, max = 10_000): Check =>
  (v) =>
    Array.isArray(v) && v.length <= max && v.every(c);
const shape =
  (fields: Record<string, Check>): Check =>
  (v) =>
    isRecord(v) && Object.entries(fields).every(([k, c]) => c(Object.hasOwn(v, k) ? v[k] : undefined));

const finishReason: Check = isFinishReason;
const errorAction: Check = isErrorAction;

const metrics = shape({
  timeToFirstTokenMs: opt(num),
  elapsedMs: num,
  completionTokens: num,
  promptTokens: opt(num),
  tokensPerSecond: opt(num),
  estimated: bool,
});

const contextChip = shape({ id, label: str, language: opt(str), description: opt(str) });
const contextList = arrayOf(contextChip, 1000);

const chatMessage = shape({
  id,
  role: oneOf('user', 'assistant'),
  text: str,
  status: oneOf('streaming', 'done', 'stopped', 'error'),
  error: opt(str),
  errorAction: opt(errorAction),
  metrics: opt(metrics),
  model: opt(str),
  context: opt(contextList),
  reasoning: opt(str),
  reasoningOpen: opt(bool),
  continuable: opt(bool),
  continued: opt(count),
  createdAt: num,
});

const conversation = shape({
  id,
  title: str,
  createdAt: num,
  updatedAt: num,
  messages: arrayOf(chatMessage, 100_000),
});

const summary = shape({ id, title: str, updatedAt: num, messageCount: count });

const webviewShapes: { readonly [K in WebviewMessageType]: Record<string, Check> } = {
  ready: {},
  send: { text: str, context: contextList },
  stop: { id },
  retry: { id },
  errorAction: { id, action: errorAction },
  insertCode: { code: str, language: opt(str) },
  applyCode: { requestId: id, code: str, language: opt(str), messageId: opt(id) },
  copyCode: { code: str },
  openInEditor: { code: str, language: opt(str) },
  newChat: {},
  openConversation: { id },
  deleteConversation: { id },
  removeContext: { id },
  toggleReasoning: { id, open: bool },
  openLink: { href: str },
  continue: { id },
};

const hostShapes: { readonly [K in HostMessageType]: Record<string, Check> } = {
  init: { conversation, history: arrayOf(summary), context: contextList },
  streamStart: {
    id,
    conversationId: id,
    user: opt(chatMessage),
    replaces: opt(id),
    model: opt(str),
    createdAt: num,
  },
  streamChunk: { id, text: str, offset: count },
  streamReasoning: { id, text: str, offset: count },
  reasoningRetracted: { id, length: count },
  streamDone: { id, finishReason, metrics: opt(metrics), continuable: opt(bool), continued: opt(count) },
  streamError: { id, message: str, action: opt(errorAction), metrics: opt(metrics), continuable: opt(bool), continued: opt(count) },
  streamResume: { id, conversationId: id },
  contextChanged: { context: contextList },
  historyChanged: { history: arrayOf(summary) },
  conversationLoaded: { conversation },
  showHistory: { visible: opt(bool) },
  applyResult: {
    requestId: id,
    tier: oneOf('exact', 'anchored', 'model'),
    hunks: count,
    file: opt(str),
    elapsedMs: opt(num),
    error: opt(str),
  },
};

function matches(shapes: Record<string, Record<string, Check>>, v: unknown): boolean {
  if (!isRecord(v) || typeof v.type !== 'string' || !Object.hasOwn(shapes, v.type)) return false;
  return shape(shapes[v.type])(v);
}

/** True when `v` is a well-formed message from the webview (the host calls this on every message). */
export function isWebviewMessage(v: unknown): v is WebviewMessage {
  return matches(webviewShapes, v);
}

/** True when `v` is a well-formed message from the host (the webview calls this on every message). */
export function isHostMessage(v: unknown): v is HostMessage {
  return matches(hostShapes, v);
}

/** Links the chat may open: the webview forwards only these and the host must re-check with this. */
export function isOpenableLink(href: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(href.trim());
}
