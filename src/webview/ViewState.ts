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

/** While streaming, the conversation is persisted at most this often (it is O(text) each time). */
const PERSIST_INTERVAL_MS = 1000;

/**
 * Writes the view's state so a re-created view shows the conversation at once, before the host answers
 * `ready` with `init` (the host's store is the source of truth).
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

  /** Writes the state within PERSIST_INTERVAL_MS (serializing a long answer every frame would be quadratic). */
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
