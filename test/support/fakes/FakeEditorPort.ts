import {
  type Disposable,
  type EditorPort,
  type EditorPortEvent,
  type EditRequest,
} from '../../../src/core/sinks/EditorPort';
import { type FakeScheduler } from './FakeScheduler';

export interface AppliedEdit {
  readonly request: EditRequest;
  readonly at: number;
  readonly ok: boolean;
}

/**
 * A string document behaving like a VS Code editor: apply resolves after `latencyMs` of fake time,
 * fails (changing nothing) if the document version moved since the call, reports its own change
 * (own: true) before resolving, and user edits land whenever the test injects them.
 */
export class FakeEditorPort implements EditorPort {
  text: string;
  version = 0;
  latencyMs: number;
  readonly eol: '\n' | '\r\n';
  readonly applied: AppliedEdit[] = [];
  readonly calls: EditRequest[] = [];
  /** Fake time of each apply call. */
  readonly callTimes: number[] = [];
  finishCalls = 0;
  maxConcurrentApplies = 0;
  /** Called at the moment an apply is about to land, so a test can slip a user edit in just before. */
  beforeLand: ((request: EditRequest) => void) | undefined;
  /** Called after an apply's change event and before its promise resolves (another event can slip in there). */
  afterLand: ((request: EditRequest) => void) | undefined;
  /** False simulates an adapter that does not flag its own changes: they are not reported at all. */
  reportOwnChanges = true;
  private concurrentApplies = 0;
  private closed = false;
  private readonly listeners = new Set<(event: EditorPortEvent) => void>();
  private readonly scrollListeners = new Set<() => void>();
  /** The next this many edits are refused (answered false, nothing changed), as a workbench may. */
  refuseNext = 0;

  constructor(
    private readonly scheduler: FakeScheduler,
    initialText = '',
    options: { latencyMs?: number; eol?: '\n' | '\r\n' } = {},
  ) {
    this.text = initialText;
    this.latencyMs = options.latencyMs ?? 0;
    this.eol = options.eol ?? '\n';
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  indentationAt(offset: number): string {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(this.text.slice(lineStart, offset))?.[0] ?? '';
  }

  apply(request: EditRequest): Promise<boolean> {
    this.calls.push(request);
    this.callTimes.push(this.scheduler.now());
    this.concurrentApplies++;
    this.maxConcurrentApplies = Math.max(this.maxConcurrentApplies, this.concurrentApplies);
    const versionAtCall = this.version;
    return new Promise((resolve) => {
      this.scheduler.schedule(() => {
        this.beforeLand?.(request);
        this.concurrentApplies--;
        const refused = this.refuseNext > 0;
        if (refused) this.refuseNext--;
        const ok = !this.closed && !refused && this.version === versionAtCall;
        if (ok) {
          // Like editor.edit: all edits relative to the same version, applied back to front.
          const sorted = [...request.edits].sort((a, b) => b.offset - a.offset);
          for (const edit of sorted) {
            this.text = this.text.slice(0, edit.offset) + edit.text + this.text.slice(edit.offset + edit.deleteLength);
          }
          this.version++;
          if (this.reportOwnChanges) this.emit({
            type: 'change',
            own: true,
            changes: sorted.map((edit) => ({ offset: edit.offset, deleteLength: edit.deleteLength, insertLength: edit.text.length })),
          });
        }
        this.applied.push({ request, at: this.scheduler.now(), ok });
        if (ok) this.afterLand?.(request);
        resolve(ok);
      }, this.latencyMs);
    });
  }

  async finish(): Promise<void> {
    this.finishCalls++;
  }

  onEvent(listener: (event: EditorPortEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  onUserScrolled(listener: () => void): Disposable {
    this.scrollListeners.add(listener);
    return { dispose: () => this.scrollListeners.delete(listener) };
  }

  get scrollListenerCount(): number {
    return this.scrollListeners.size;
  }

  /** The user scrolls the editor. */
  userScroll(): void {
    for (const listener of [...this.scrollListeners]) listener();
  }

  /** A user (or another extension) replaces `deleteLength` chars at `offset` with `text`. */
  userEdit(offset: number, deleteLength: number, text: string): void {
    if (offset < 0 || offset + deleteLength > this.text.length) throw new Error(`bad user edit at ${offset}`);
    this.text = this.text.slice(0, offset) + text + this.text.slice(offset + deleteLength);
    this.version++;
    this.emit({ type: 'change', own: false, changes: [{ offset, deleteLength, insertLength: text.length }] });
  }

  userMove(offset: number): void {
    this.emit({ type: 'userMoved', offset });
  }

  close(): void {
    this.closed = true;
    this.emit({ type: 'closed' });
  }

  get successfulEdits(): AppliedEdit[] {
    return this.applied.filter((edit) => edit.ok);
  }

  private emit(event: EditorPortEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
