/**
 * Streams generated code into one document: provider events -> fence stripping -> re-indentation ->
 * coalesced, serialized edits through an EditorPort, with the generated region (GeneratedRegion) tracked
 * through every change anyone else makes to the document.
 *
 * A generation may take several rounds (Continue): with `continuable`, a round cut at the token limit or
 * by a broken stream keeps what the next round needs. The transforms are not ended (ending them would
 * emit a newline the FenceStripper holds in case the next line closes the block, and break the seam),
 * and the region stays tracked through the user's edits until `continue()` streams the next round into
 * the same place, or `release()` gives up.
 *
 * Longer than most files here on purpose: reading the stream, the per-frame edit loop, the in-flight edit
 * and the discard all read and write the same few fields (pending text, the edit in flight, closed,
 * failed); split across files they would have to expose that state to each other.
 */
import { type FinishReason, type StreamError, type StreamEvent, type StreamMetrics, type Usage, type GenerationResult } from '../stream/types';
import { isContinuableEnd } from '../continue/continuable';
import { type Scheduler, FRAME_MS, realScheduler } from '../scheduler';
import { type Logger, nullLogger } from '../log';
import { FenceStripper, LineEndingNormalizer } from '../stream/FenceStripper';
import { Reindenter } from '../stream/Reindenter';
import { type DocumentChange, type EditorPort, type EditorPortEvent, type EditRequest } from './EditorPort';
import { GeneratedRegion } from './GeneratedRegion';

/** After this many failed applies in a row the document is considered uneditable (e.g. read-only). */
export const MAX_CONSECUTIVE_FAILED_EDITS = 50;

export interface InsertionOptions {
  /** Where generation starts: an offset, or a range the first edit replaces (the selection). */
  readonly at: number | { readonly start: number; readonly end: number };
  /** What happens to inserted text when the stream is cancelled: kept (default) or removed. */
  readonly onCancel?: 'keep' | 'discard';
  /**
   * The user's stop (the same signal the provider request got): the engine stops reading at once and
   * handles it as a cancel. The engine never aborts anything itself; when it stops early (the document
   * closed or cannot be edited) it says so in `stoppedBy` and stops pulling from the stream.
   */
  readonly signal?: AbortSignal;
  /** Default true: keep only the code of the answer's first fenced block (see FenceStripper). */
  readonly stripFences?: boolean;
  /** Default true: follow the insertion column (see Reindenter). */
  readonly reindent?: boolean;
  /** Called as soon as the fence opener names a language. */
  readonly onLanguage?: (language: string) => void;
  /** Sees the provider's 'metrics' events as they pass (the status bar); a throw is ignored. */
  readonly onMetrics?: (metrics: StreamMetrics) => void;
  /**
   * Keep the round's state when it ends cut (the token limit, or an error after some answer): see the
   * class comment. The result then says `continuable`, and the caller must `continue()` or `release()`.
   */
  readonly continuable?: boolean;
  /**
   * With `continuable`: a round that ends cut leaves its undo group open, for an automatic next round
   * (tokenStream.autoContinue) that follows at once: `continue(events, signal, true)` joins it, so one
   * undo removes every round. The caller must then either continue so or `closeUndoGroup()` before the
   * user can type (typing would join the open group).
   */
  readonly joinRounds?: boolean;
  readonly scheduler?: Scheduler;
  readonly logger?: Logger;
}

export interface EditStats {
  /** Successful applies, the final deletion of a discard included. */
  readonly applied: number;
  /** Applies that resolved false or threw; their text was retried. */
  readonly failed: number;
}

/** Why the engine stopped before the stream ended by itself. */
export type StoppedBy = 'user' | 'documentClosed' | 'editsFailed';

export interface InsertionResult extends GenerationResult {
  /**
   * Everything the engine generated for the document (after fence stripping and re-indentation, in the
   * document's line endings). After a normal end it is exactly what was inserted; after `closed` it
   * also holds what could not be applied any more, so it can be offered in a new editor; after a
   * discard it is what was removed.
   */
  readonly text: string;
  readonly language?: string;
  /** Absent when the stream ran to its end. */
  readonly stoppedBy?: StoppedBy;
  readonly discarded: boolean;
  /** Where the generated text is at the end: [start of its first part, insertion point); undefined when none is left. */
  readonly range?: { readonly start: number; readonly end: number };
  readonly edits: EditStats;
  /** The round was cut and the engine kept its state for `continue()` (only with the `continuable` option). */
  readonly continuable?: true;
}

type Flight =
  | { readonly kind: 'append'; readonly offset: number; readonly deleteLength: number; readonly text: string; ownSeen: boolean }
  | { readonly kind: 'discard'; ownSeen: boolean };

type Transform = { push(text: string): string; end(): string };

const identity: Transform = { push: (text) => text, end: () => '' };

export class InsertionEngine {
  private readonly scheduler: Scheduler;
  private readonly logger: Logger;
  private readonly fences: FenceStripper | undefined;
  private readonly newlines: LineEndingNormalizer | undefined;
  private readonly reindenter: Transform;

  private readonly region: GeneratedRegion;

  /** Generated text not yet applied. */
  private pending = '';
  private produced = '';
  /** The answer as the model wrote it (fences and prose included), every round. */
  private rawAnswer = '';
  private readonly reasoning: string[] = [];
  private inFlight: Flight | undefined;
  private cancelFrame: (() => void) | undefined;
  private lastApplyStart: number | undefined;
  /** An edit of the current round landed (the round's first edit starts a new undo group). */
  private appliedThisRound = false;
  /** A cut round left its undo group open (`joinRounds`). */
  private undoGroupOpen = false;
  private discarding = false;
  private following = true;
  private closed = false;
  private editFailure: StreamError | undefined;
  private applied = 0;
  private failed = 0;
  private consecutiveFailures = 0;
  private started = false;
  /** The last round was cut and its state kept for continue(). */
  private held = false;
  private subscription: { dispose(): void } | undefined;
  /** The user's scrolls end following; kept across a cut, so a continuation does not pull the view back. */
  private scrolls: { dispose(): void } | undefined;
  private transformsFlushed = false;
  private readonly waiters: Array<() => void> = [];
  /** Why reading stopped early; set once. */
  private stopReason: StoppedBy | undefined;
  /** Resolves the read in progress with the stop reason, so a stalled provider is not waited for. */
  private interruptRead: ((why: StoppedBy) => void) | undefined;

  constructor(
    private readonly port: EditorPort,
    private readonly options: InsertionOptions,
  ) {
    this.scheduler = options.scheduler ?? realScheduler;
    this.logger = options.logger ?? nullLogger;
    this.region = new GeneratedRegion(options.at);
    if (options.stripFences ?? true) {
      this.fences = new FenceStripper({ onLanguage: options.onLanguage });
    } else {
      this.newlines = new LineEndingNormalizer();
    }
    this.reindenter = (options.reindent ?? true) ? new Reindenter(port.indentationAt(this.region.insertionPoint)) : identity;
  }

  /** The answer's raw text so far, as the model wrote it (what a continuation continues). */
  get answer(): string {
    return this.rawAnswer;
  }

  /** True while a cut round's state is kept: `continue()` may stream the next round. */
  get canContinue(): boolean {
    return this.held && !this.closed && !this.editFailure;
  }

  /** Consumes the provider's stream into the document; resolves when all text is applied (or the document is gone). */
  async run(events: AsyncIterable<StreamEvent>): Promise<InsertionResult> {
    if (this.started) throw new Error('InsertionEngine.run may be called once');
    this.started = true;
    this.subscription = this.port.onEvent((event) => this.onPortEvent(event));
    this.scrolls = this.port.onUserScrolled(() => (this.following = false));
    return this.round(events, this.options.signal);
  }

  /**
   * Streams the next round of a cut generation into the same place, through the same transforms:
   * `events` is the continuation, already seam-repaired (ContinuationStream). `signal` is this round's stop.
   * The result holds the whole generation's text; usage and metrics are this round's.
   */
  continue(events: AsyncIterable<StreamEvent>, signal?: AbortSignal, join = false): Promise<InsertionResult> {
    if (!this.canContinue) throw new Error('InsertionEngine.continue: no cut round to continue');
    this.held = false;
    this.stopReason = undefined;
    // `join`: the round goes into the undo group the cut one left open (no undo stop before its first edit).
    // Otherwise its first edit's undo stop closes that group (and a round with no edit closes it at its end).
    this.appliedThisRound = join && this.undoGroupOpen;
    this.undoGroupOpen = false;
    return this.round(events, signal);
  }

  /** Closes the undo group a cut round left open (`joinRounds`); nothing when none is open. */
  async closeUndoGroup(): Promise<void> {
    if (!this.undoGroupOpen) return;
    this.undoGroupOpen = false;
    try {
      await this.port.finish();
    } catch (thrown) {
      this.logger.warn('InsertionEngine: finish() threw', thrown);
    }
  }

  /** Gives up a kept round: stops tracking the document. What the transforms held is dropped. */
  release(): void {
    void this.closeUndoGroup();
    this.held = false;
    this.subscription?.dispose();
    this.subscription = undefined;
    this.scrolls?.dispose();
    this.scrolls = undefined;
  }

  private async round(events: AsyncIterable<StreamEvent>, abortSignal: AbortSignal | undefined): Promise<InsertionResult> {
    const onAbort = (): void => this.stopReading('user');
    abortSignal?.addEventListener('abort', onAbort);
    let finishReason: FinishReason = 'stop';
    let error: StreamError | undefined;
    let usage: Usage | undefined;
    let metrics: StreamMetrics | undefined;
    // This round's reasoning starts here (a continued generation keeps the rounds before it).
    const reasoningBefore = this.reasoning.length;
    try {
      if (abortSignal?.aborted) this.stopReading('user');
      const iterator = events[Symbol.asyncIterator]();
      let exhausted = false;
      for (;;) {
        let next: IteratorResult<StreamEvent> | StoppedBy;
        try {
          next = await this.nextOrStop(iterator);
        } catch (thrown) {
          // Providers promise never to throw; if one does, it is an error mid-stream like any other.
          finishReason = 'error';
          error = { kind: 'unknown', message: thrown instanceof Error ? thrown.message : String(thrown), action: 'showLog' };
          exhausted = true;
          this.logger.error('InsertionEngine: provider stream threw', thrown);
          break;
        }
        if (typeof next === 'string') {
          if (next === 'user') finishReason = 'cancelled';
          break;
        }
        if (next.done) {
          exhausted = true;
          finishReason = 'error';
          error = { kind: 'interrupted', message: 'The response ended without finishing.', action: 'retry' };
          break;
        }
        const event = next.value;
        if (event.type === 'delta') {
          this.rawAnswer += event.text;
          this.produce(this.transform(event.text));
        } else if (event.type === 'reasoning') {
          // Kept for the result, never written to the document.
          this.reasoning.push(event.text);
        } else if (event.type === 'usage') {
          usage = event.usage;
        } else if (event.type === 'metrics') {
          metrics = event.metrics;
          try {
            this.options.onMetrics?.(event.metrics);
          } catch (thrown) {
            this.logger.debug('InsertionEngine: onMetrics threw', thrown);
          }
        } else {
          finishReason = event.reason;
          error = event.error;
          usage = event.usage ?? usage;
          metrics = event.metrics;
          // It was the answer, and came again as text.
          if (event.reasoningWasAnswer) this.reasoning.length = reasoningBefore;
          break;
        }
      }
      // Lets the provider run its cleanup; a generator still awaiting the network sees it at its next yield.
      if (!exhausted) Promise.resolve(iterator.return?.()).catch(() => undefined);

      // After the code block closed, a continuation could only add prose, which never reaches the document.
      const hold =
        this.options.continuable === true && !this.closed && !this.editFailure && !this.fences?.closed && isContinuableEnd(finishReason, error, this.rawAnswer !== '');
      if (!this.closed && !this.editFailure) {
        if (!hold) this.produce(this.flushTransforms());
        if (finishReason === 'cancelled' && this.options.onCancel === 'discard') {
          await this.waitUntil(() => this.inFlight === undefined);
          this.pending = '';
          this.discarding = true;
          this.kick();
        }
        await this.waitUntil(() => this.inFlight === undefined && !this.hasWork());
      }
      if (this.closed || this.editFailure) {
        // Whatever the transforms still held was generated too: the caller offers all of it elsewhere.
        this.produce(this.flushTransforms());
        return this.result(this.editFailure ? 'error' : 'cancelled', this.editFailure ?? error, usage, metrics);
      }
      if (hold && this.options.joinRounds && this.appliedThisRound) {
        // Left open for an automatic next round (or closed by closeUndoGroup()).
        this.undoGroupOpen = true;
      } else {
        try {
          await this.port.finish();
        } catch (thrown) {
          // The text is in the document either way; only the undo grouping may be off.
          this.logger.warn('InsertionEngine: finish() threw', thrown);
        }
      }
      // The document may have closed while the last edit was awaited.
      this.held = hold && !this.closed;
      return this.result(finishReason, error, usage, metrics);
    } finally {
      this.cancelFrame?.();
      this.cancelFrame = undefined;
      abortSignal?.removeEventListener('abort', onAbort);
      if (!this.held) this.release();
      this.interruptRead = undefined;
    }
  }

  /**
   * The provider's next event, or the stop reason as soon as reading must stop. Not Promise.race with one
   * long-lived stop promise: every race would leave a reaction on it, holding each event until the end.
   */
  private nextOrStop(iterator: AsyncIterator<StreamEvent>): Promise<IteratorResult<StreamEvent> | StoppedBy> {
    if (this.stopReason) return Promise.resolve(this.stopReason);
    return new Promise((resolve, reject) => {
      this.interruptRead = resolve;
      iterator.next().then(resolve, reject);
    });
  }

  private stopReading(why: StoppedBy): void {
    this.stopReason ??= why;
    this.interruptRead?.(this.stopReason);
  }

  private transform(text: string): string {
    const code = this.fences ? this.fences.push(text) : (this.newlines?.push(text) ?? text);
    return this.reindenter.push(code);
  }

  private flushTransforms(): string {
    if (this.transformsFlushed) return '';
    this.transformsFlushed = true;
    const code = this.fences ? this.fences.end() : (this.newlines?.end() ?? '');
    return this.reindenter.push(code) + this.reindenter.end();
  }

  private produce(text: string): void {
    if (text === '') return;
    const documentText = this.port.eol === '\r\n' ? text.replace(/\n/g, '\r\n') : text;
    this.produced += documentText;
    if (this.closed || this.editFailure) return;
    this.pending += documentText;
    this.kick();
  }

  private hasWork(): boolean {
    return this.discarding ? this.region.segments.length > 0 : this.pending !== '';
  }

  /** Starts the next edit now, or at the next frame boundary; never two at once. */
  private kick(): void {
    if (this.closed || this.editFailure || this.inFlight || this.cancelFrame || !this.hasWork()) return;
    const wait = this.lastApplyStart === undefined ? 0 : this.lastApplyStart + FRAME_MS - this.scheduler.now();
    if (wait > 0) {
      this.cancelFrame = this.scheduler.schedule(() => {
        this.cancelFrame = undefined;
        this.kick();
      }, wait);
      return;
    }
    void this.applyNext();
  }

  private async applyNext(): Promise<void> {
    let request: EditRequest;
    let flight: Flight;
    if (this.discarding) {
      flight = { kind: 'discard', ownSeen: false };
      request = {
        edits: this.region.segments.map((segment) => ({ offset: segment.start, deleteLength: segment.end - segment.start, text: '' })),
        undoStopBefore: false,
        undoStopAfter: false,
        reveal: false,
      };
    } else {
      const text = this.pending;
      this.pending = '';
      const offset = this.region.insertionPoint;
      const deleteLength = this.region.replaceLength;
      flight = { kind: 'append', offset, deleteLength, text, ownSeen: false };
      request = {
        edits: [{ offset, deleteLength, text }],
        undoStopBefore: !this.appliedThisRound,
        undoStopAfter: false,
        reveal: this.following,
      };
    }
    this.inFlight = flight;
    this.lastApplyStart = this.scheduler.now();
    let ok: boolean;
    try {
      ok = await this.port.apply(request);
    } catch (thrown) {
      this.logger.warn('InsertionEngine: apply threw', thrown);
      ok = false;
    }
    this.inFlight = undefined;
    if (this.closed) {
      this.notify();
      return;
    }
    if (ok || flight.ownSeen) {
      if (!flight.ownSeen) {
        this.logger.debug('InsertionEngine: apply succeeded without an own change event; assuming it landed at the tracked position');
        this.applyOwn(flight);
      }
      this.applied++;
      this.consecutiveFailures = 0;
    } else {
      this.failed++;
      this.consecutiveFailures++;
      // The anchor was re-tracked through the change that made the edit fail; the text goes out again.
      if (flight.kind === 'append') this.pending = flight.text + this.pending;
      this.logger.debug(`InsertionEngine: apply failed (${this.consecutiveFailures} in a row), retrying`);
      if (this.consecutiveFailures >= MAX_CONSECUTIVE_FAILED_EDITS) {
        this.editFailure = { kind: 'unknown', message: 'The document could not be edited.', action: 'showLog' };
        this.stopReading('editsFailed');
      }
    }
    this.notify();
    this.kick();
  }

  private onPortEvent(event: EditorPortEvent): void {
    if (this.closed) return;
    switch (event.type) {
      case 'change':
        if (event.own && this.inFlight && !this.inFlight.ownSeen) {
          this.inFlight.ownSeen = true;
          this.applyOwn(this.inFlight);
        } else {
          if (event.own) this.logger.warn('InsertionEngine: own change reported with no edit pending; tracking it as foreign');
          for (const change of event.changes) this.applyForeign(change);
        }
        break;
      case 'userMoved':
        // The view follows the generated text only until the user takes it: a cursor move or a scroll
        // (even back into the generated text, where following would pull the view off what they read).
        this.following = false;
        break;
      case 'closed':
        this.closed = true;
        this.cancelFrame?.();
        this.cancelFrame = undefined;
        this.stopReading('documentClosed');
        this.notify();
        break;
    }
  }

  private applyOwn(flight: Flight): void {
    if (flight.kind === 'discard') {
      this.region.removedAll();
      return;
    }
    this.appliedThisRound = true;
    this.region.inserted(flight.offset, flight.text.length);
  }

  /** Re-tracks the region through a change someone else made. */
  private applyForeign(change: DocumentChange): void {
    if (!this.region.mapThrough(change)) this.logger.info('InsertionEngine: the range to replace was edited; inserting instead of replacing');
  }

  private result(
    finishReason: FinishReason,
    error: StreamError | undefined,
    usage: Usage | undefined,
    metrics: StreamMetrics | undefined,
  ): InsertionResult {
    const discarded = this.discarding && this.region.segments.length === 0;
    const range = this.closed ? undefined : this.region.range;
    return {
      text: this.produced,
      ...(this.reasoning.length ? { reasoning: this.reasoning.join('') } : {}),
      finishReason,
      ...(error ? { error } : {}),
      ...(usage ? { usage } : {}),
      ...(metrics ? { metrics } : {}),
      ...(this.fences?.language ? { language: this.fences.language } : {}),
      ...(this.stoppedBy() ? { stoppedBy: this.stoppedBy() } : {}),
      discarded,
      ...(range ? { range } : {}),
      edits: { applied: this.applied, failed: this.failed },
      ...(this.held ? { continuable: true as const } : {}),
    };
  }

  /** A closed document wins over an earlier stop: what was generated is then offered elsewhere. */
  private stoppedBy(): StoppedBy | undefined {
    if (this.closed) return 'documentClosed';
    return this.editFailure ? 'editsFailed' : this.stopReason;
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once `condition` holds (re-checked on every state change), or the document closed or failed. */
  private async waitUntil(condition: () => boolean): Promise<void> {
    while (!condition() && !this.closed && !this.editFailure) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

