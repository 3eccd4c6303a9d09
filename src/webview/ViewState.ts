import { isHostMessage, type ContextChip, type Conversation, type ConversationSummary } from '../shared/protocol';
import type { ViewScheduler } from './scheduler';

/** What survives the view being hidden and re-created (vscode.setState). */
export interface PersistedState {
  readonly version: 1;
  readonly conversation?: Conversation;
  readonly history: readonly ConversationSummary[];
  readonly context: readonly ContextChip[];
  readonly draft: string;
  readonly historyVisible: boolean;
}

/** Where the state goes: the webview API's setState. */
export interface StateStore {
  setState(state: PersistedState): void;
}

/** Typing is persisted at most this often (every write serializes the whole conversation). */
const PERSIST_INTERVAL_MS = 1000;

/**
 * Writes the view's state so a re-created view shows the conversation at once, before the host answers
 * `ready` with `init` (the host's ConversationStore is the source of truth).
 *
 * setState replaces the whole state and serializes it, so nothing is written for the chunks of a stream:
 * the state is written when something the state holds changes (an answer starts or ends, the context, the
 * history, the draft), and a streaming answer is written as it was when it started (MessageList.snapshot),
 * so a write during a stream costs the same however long the answer has grown. A view re-created
 * mid-stream shows the question and the answer as far as it was when it started (usually empty, with
 * Stop); the host's `init` then brings the text so far and the stream continues from there.
 */
export class ViewState {
  private lastPersist = -Infinity;
  private cancelTimer: (() => void) | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly scheduler: ViewScheduler,
    private readonly snapshot: () => PersistedState,
  ) {}

  /** Writes the state now. */
  persist(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.lastPersist = this.scheduler.now();
    this.store.setState(this.snapshot());
  }

  /** Writes the state within PERSIST_INTERVAL_MS (typing would write it on every key). */
  persistSoon(): void {
    if (this.cancelTimer) return;
    const wait = Math.max(0, this.lastPersist + PERSIST_INTERVAL_MS - this.scheduler.now());
    this.cancelTimer = this.scheduler.schedule(() => {
      this.cancelTimer = undefined;
      this.persist();
    }, wait);
  }
}

/** True when `v` is a state this version wrote. */
export function isPersistedState(v: unknown): v is PersistedState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<PersistedState>;
  return (
    s.version === 1 &&
    Array.isArray(s.history) &&
    Array.isArray(s.context) &&
    typeof s.draft === 'string' &&
    typeof s.historyVisible === 'boolean' &&
    // Reuse the protocol's validation for the conversation shape.
    (s.conversation === undefined || isHostMessage({ type: 'conversationLoaded', conversation: s.conversation }))
  );
}
