/**
 * One Edit Selection in one document: the rewrite streams in as an inline diff (a StreamingLineDiff
 * decides the hunks), then each hunk is accepted or rejected.
 *
 * In the document:
 * - original lines stay real text where they are: unchanged ones are never touched, removed ones stay
 *   until their hunk is accepted (the VS Code layer decorates them red through `hunks[i].removed`);
 * - a hunk's new lines are real text inserted right below its removed lines (`hunks[i].added`, green);
 * - pending lines (not decided yet) are inserted just above the first original line not decided yet, or
 *   just below it when their first line looks like a changed version of it (`pendingRange`; see
 *   pendingBelow); the line still being received is shown there too, as it grows.
 * While streaming, the session only ever inserts and deletes its own pending lines and places the new
 * lines of committed hunks, never touching an original line; a committed hunk is never rewritten. Edits
 * are coalesced to at most one EditRequest per frame (FRAME_MS), one in flight at a time; the first
 * carries undoStopBefore and none carries undoStopAfter, so everything up to the end of the review
 * (Accept All included) is one undo step; `port.finish()` closes it once no hunk is left.
 *
 * Accept hunk i deletes its removed lines, Reject hunk i deletes its added lines. After the stream ended
 * with 'stop', Accept All leaves exactly the answer in the region, Reject All exactly the original, byte
 * for byte (EOLs included: new lines use the document's EOL, original lines are never rewritten).
 *
 * Tracking: the session keeps the region as a list of rows (an original line, a new line of a hunk, a
 * pending line, or a line that became the user's), each with its length, and maps them through every
 * change someone else makes: typing elsewhere shifts them; typing inside an original or a committed new
 * line keeps its hunk where it is (the row just grows); typing inside the pending lines gives them to the
 * user: they become plain text, the engine drops those answer lines, and the stream continues below them
 * (if the engine had already put some of them in a hunk whose lines are not in the document yet, that
 * hunk is placed without them, so they never show twice).
 * Text inserted exactly at the start of a row belongs to that row; at the region's end, to what follows.
 *
 * New lines only ever go at the start of a document line: if the user joined a line the session was about
 * to insert above (deleted its line break), they go below it instead (checked with `port.lineAt`).
 *
 * A last line without terminator: when the region ends the document without a final EOL, rows are
 * measured as if that EOL were there (a virtual terminator after the last row); edits at the end are
 * converted so the document never gains or loses a final EOL through the session.
 *
 * Use:
 *   const session = new EditSession(port, { start: offsetOfFirstLine, original: textOfTheWholeLines });
 *   session.onDidChange(() => redraw(session.hunks, session.pendingRange, session.state));
 *   session.push(text);                        // each piece the fence stripper and re-indenter produce
 *   const end = await session.end(reason);     // the stream's finish reason; 'cancelled' on Escape
 *   await session.acceptHunk(i);               // or rejectHunk(i), acceptAll(), rejectAll(): each
 *                                              // resolves with the number of hunks left
 *   session.dispose();                         // when the document or the extension goes away
 * `hunks[i].index` is what acceptHunk/rejectHunk take; read `hunks` again after every onDidChange (ranges
 * move as the document changes). The state goes 'streaming' -> 'reviewing' (hunks left) -> 'done' (none
 * left: the undo group is closed and the session stops listening), or 'closed' when the document closes.
 *
 * Longer than most files here on purpose: the streaming plans, the review ops, hiding for a save and the
 * tracking of other people's changes all read and write the same state (the rows, the edit in flight,
 * the queued ops, which hunks are placed), one edit at a time; split across classes they would have to
 * expose it to each other. The rows' geometry (measuring, model -> document edits, carrying rows through
 * a change) is apart, in sessionRows.ts.
 */
import { type FinishReason } from '../stream/types';
import { type Scheduler, FRAME_MS, realScheduler } from '../scheduler';
import { type Logger, nullLogger } from '../log';
import { type Disposable, type DocumentChange, type EditorPortEvent, type EditRequest } from '../sinks/EditorPort';
import { type EditSessionPort } from './EditSessionPort';
import { type LineHunk, splitLines } from './lineDiff';
import { type ModelEdit, type Row, type RowKind, type SessionHunk, resemblesLine, reuse, rowsDocumentEnd, rowStarts, rowsText, sameRows, toReplacements, trackChange } from './sessionRows';
import { type EndSummary, type ProvisionalLines, StreamingLineDiff } from './StreamingLineDiff';

/** After this many failed applies in a row the document is considered uneditable (e.g. read-only). */
export const MAX_CONSECUTIVE_FAILED_SESSION_EDITS = 50;

export interface EditSessionOptions {
  /** Offset of the region's first character: the start of a line. */
  readonly start: number;
  /**
   * The region's text as it is in the document: whole lines, each with its terminator, except that the
   * last may have none when the region ends the document. Empty: the answer is inserted at `start`
   * (which must then be the start of a line), each new line with a terminator.
   */
  readonly original: string;
  /** Anchor search window of the engine (see StreamingLineDiff). */
  readonly window?: number;
  readonly scheduler?: Scheduler;
  readonly logger?: Logger;
}

/** A range of the document: offsets [start, end) and the lines [startLine, endLine) they cover. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
  readonly startLine: number;
  /** Exclusive; equal to startLine for an empty range (which then marks a position). */
  readonly endLine: number;
}

/** A committed, unresolved hunk as it is in the document now. */
export interface EditHunk {
  /** 0-based among the unresolved hunks, in document order (what acceptHunk/rejectHunk take). */
  readonly index: number;
  /** The original lines it removes (red); empty (at `added.start`) when it only adds. */
  readonly removed: LineRange;
  /** Its new lines (green); empty (at `removed.end`) when it only removes. */
  readonly added: LineRange;
  /** The engine's hunk: original line numbers relative to the region, and the new lines as decided. */
  readonly source: LineHunk;
  /** True once someone else edited inside its lines (it stays where it is; accept/reject still work). */
  readonly edited: boolean;
}

/** The hunks and the pending lines of a session, in the document's lines. */
export interface EditSessionView {
  readonly hunks: readonly EditHunk[];
  readonly pending: LineRange | undefined;
}

export type EditSessionState =
  /** The rewrite is streaming in. */
  | 'streaming'
  /** The stream ended and hunks are waiting for accept/reject. */
  | 'reviewing'
  /** The stream ended and no hunk is left. */
  | 'done'
  /** The document closed, or could not be edited; nothing more happens. */
  | 'closed'
  /** dispose() was called. */
  | 'disposed';

export interface EditSessionEnd {
  readonly reason: FinishReason;
  /** Hunks waiting for review. */
  readonly hunks: number;
  /** The engine's summary: all hunks, the result lines, agreement with a full Myers diff. */
  readonly summary: EndSummary;
  readonly documentClosed: boolean;
}

export interface EditSessionStats {
  /** Successful applies. */
  readonly applied: number;
  /** Applies that resolved false or threw (their work was planned again). */
  readonly failed: number;
}


interface ReviewOp {
  readonly action: 'accept' | 'reject';
  /** The hunks to resolve, or every open hunk at the time the op runs. */
  readonly target: SessionHunk | 'all';
  readonly resolve: (open: number) => void;
}

interface Plan {
  readonly request: EditRequest | undefined;
  readonly rows: Row[];
  readonly placed: number;
  readonly op?: ReviewOp;
}

export class EditSession {
  private readonly scheduler: Scheduler;
  private readonly landListeners = new Set<(view: EditSessionView) => void>();
  private readonly logger: Logger;
  private readonly engine: StreamingLineDiff;
  private readonly eol: string;
  /** The terminator the region's last row lacks in the document ('' when it has one). */
  private readonly virtualEol: string;
  private regionStart: number;
  private rows: Row[];
  /** Committed hunks, in engine order (= document order). */
  private readonly sessionHunks: SessionHunk[] = [];
  /** sessionHunks[0 .. placed) have their rows in `rows`. */
  private placed = 0;
  private dirty = false;
  private readonly ops: ReviewOp[] = [];
  private inFlight: { readonly plan: Plan; ownSeen: boolean } | undefined;
  private cancelFrame: (() => void) | undefined;
  /** When the last plan was made: plans (applied or not) are made at most once per frame. */
  private lastStep: number | undefined;
  private landedAny = false;
  private finished = false;
  private following = true;
  /** Between hideForSave() and showAfterSave(): no edit is planned but the hiding itself. */
  private held = false;
  /** Where the current pending block is shown (see pendingBelow). */
  private bet: { readonly consumed: number; readonly firstAnswerLine: number; readonly below: boolean } | undefined;
  private status: EditSessionState = 'streaming';
  private applied = 0;
  private failed = 0;
  private consecutiveFailures = 0;
  private endPromise: Promise<EditSessionEnd> | undefined;
  private readonly waiters: Array<() => void> = [];
  private readonly changeListeners = new Set<() => void>();
  private subscriptions: Disposable[];

  constructor(
    private readonly port: EditSessionPort,
    options: EditSessionOptions,
  ) {
    this.scheduler = options.scheduler ?? realScheduler;
    this.logger = options.logger ?? nullLogger;
    this.eol = port.eol;
    const { lines, terminators } = splitLines(options.original);
    this.virtualEol = terminators.at(-1) === '' ? port.eol : '';
    this.engine = new StreamingLineDiff(lines, options.window === undefined ? {} : { window: options.window });
    this.regionStart = options.start;
    this.rows = lines.map((text, line) => ({ kind: 'original', text, line, length: text.length + (terminators[line] || this.virtualEol).length }));
    this.subscriptions = [port.onEvent((event) => this.onPortEvent(event)), port.onUserScrolled(() => (this.following = false))];
  }

  /** Where the session is; see EditSessionState. */
  get state(): EditSessionState {
    return this.status;
  }

  get stats(): EditSessionStats {
    return { applied: this.applied, failed: this.failed };
  }

  /** The region in the document now: [start, end) offsets. */
  get region(): { readonly start: number; readonly end: number } {
    return { start: this.regionStart, end: this.documentEnd(this.rows) };
  }

  /** The streaming engine (read-only use: its hunks, pending lines, answer lines). */
  get diff(): StreamingLineDiff {
    return this.engine;
  }

  /**
   * The unresolved hunks whose lines are in the document, in document order, with their current ranges
   * (while a save has their new lines out, those ranges are empty).
   * Computed on each call (O(rows)); read it again after every `onDidChange`.
   */
  get hunks(): readonly EditHunk[] {
    return this.hunksOf(this.rows, (offset) => this.port.lineAt(offset));
  }

  /** Where the pending lines are shown now, or undefined when none are. */
  get pendingRange(): LineRange | undefined {
    return this.pendingOf(this.rows, (offset) => this.port.lineAt(offset));
  }

  /**
   * Fires right after the session sent an edit, before it landed, with the hunks and pending lines as they
   * will be once it lands. The workbench applies an edit and then what is sent after it in the same order,
   * so decorations sent from here are drawn with the edit instead of a round trip behind it (no frame of
   * new lines without their colour). onDidChange follows as always once the edit landed, or failed.
   */
  onWillLand(listener: (view: EditSessionView) => void): Disposable {
    this.landListeners.add(listener);
    return { dispose: () => this.landListeners.delete(listener) };
  }

  private hunksOf(rows: readonly Row[], lineOf: (offset: number) => number): EditHunk[] {
    const starts = this.startsOf(rows);
    const end = this.documentEnd(rows);
    const spans = new Map<SessionHunk, { removed?: [number, number]; added?: [number, number] }>();
    rows.forEach((row, i) => {
      // A row taken out for a save (length 0) still places its hunk: the hunk stays listed, with an empty
      // range there, so the count, the lenses and the indices acceptHunk takes do not change for a save.
      if (!row.hunk || row.hunk.status !== 'open') return;
      const span = spans.get(row.hunk) ?? {};
      spans.set(row.hunk, span);
      const key = row.kind === 'added' ? 'added' : 'removed';
      const from = Math.min(starts[i]!, end);
      const to = Math.min(starts[i]! + row.length, end);
      span[key] = span[key] ? [span[key][0], to] : [from, to];
    });
    const views: EditHunk[] = [];
    for (const [hunk, span] of spans) {
      const removed = span.removed ?? [span.added![0], span.added![0]];
      const added = span.added ?? [removed[1], removed[1]];
      views.push({ index: views.length, removed: lineRange(removed, lineOf), added: lineRange(added, lineOf), source: hunk.source, edited: hunk.edited });
    }
    return views;
  }

  private pendingOf(rows: readonly Row[], lineOf: (offset: number) => number): LineRange | undefined {
    const shownPending = (row: Row | undefined): boolean => row?.kind === 'pending' && row.hidden === undefined;
    const first = rows.findIndex(shownPending);
    if (first < 0) return undefined;
    const starts = this.startsOf(rows);
    let last = first;
    while (shownPending(rows[last + 1])) last++;
    const end = this.documentEnd(rows);
    return lineRange([Math.min(starts[first]!, end), Math.min(starts[last]! + rows[last]!.length, end)], lineOf);
  }

  /** Unresolved committed hunks, those not in the document yet included. */
  get openHunks(): number {
    return this.sessionHunks.filter((hunk) => hunk.status === 'open').length;
  }

  /**
   * Fires after anything `hunks`, `pendingRange`, `region` or `state` report may have changed: an edit
   * landed, someone else changed the document, a hunk was resolved, the stream ended, the document closed.
   */
  onDidChange(listener: () => void): Disposable {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /** Feeds streamed text: fence-stripped and re-indented, '\n' or '\r\n'. Ignored after end or close. */
  push(text: string): void {
    if (this.feed(text)) this.kick();
  }

  /**
   * The whole answer at once (Apply without a model): the same as push(text) then end('stop'), but the
   * first edit already holds the final diff. push() writes what it can at once, so a push followed by end()
   * writes the lines after the last anchor as pending first and the final diff one round trip later.
   */
  complete(text: string): Promise<EditSessionEnd> {
    this.feed(text);
    return this.end('stop');
  }

  /** Gives `text` to the engine (not after the end or a close); true when it took it. */
  private feed(text: string): boolean {
    if (this.status !== 'streaming' || this.engine.ended || text === '') return false;
    this.engine.push(text);
    this.syncHunks();
    this.dirty = true;
    return true;
  }

  /**
   * Ends the stream: 'stop' diffs the pending tail against the rest of the original; a cut
   * ('cancelled', 'error', 'length') keeps what was shown as hunks and leaves the rest of the original as
   * it was (see StreamingLineDiff). Resolves once the final diff is in the document (or the document is
   * gone). Calling it again returns the same promise.
   */
  end(reason: FinishReason): Promise<EditSessionEnd> {
    this.endPromise ??= this.finishStream(reason);
    return this.endPromise;
  }

  /** Accepts the hunk at `index` in `hunks`; resolves with the number of unresolved hunks once applied. */
  acceptHunk(index: number): Promise<number> {
    return this.queueOne('accept', index);
  }

  /** Rejects the hunk at `index` in `hunks`; resolves with the number of unresolved hunks once applied. */
  rejectHunk(index: number): Promise<number> {
    return this.queueOne('reject', index);
  }

  /**
   * Accepts every committed hunk (in one edit). After the stream ended with 'stop' the region then holds
   * exactly the answer. Pending lines of a stream still running are not hunks: end() it first.
   */
  acceptAll(): Promise<number> {
    return this.queue('accept', 'all');
  }

  /** Rejects every committed hunk (in one edit). After end() the region then holds exactly the original. */
  rejectAll(): Promise<number> {
    return this.queue('reject', 'all');
  }

  /**
   * Before the document is saved: takes the new lines of every open hunk and the pending lines out of the
   * document, so the region holds what Reject All would leave (the original lines and the user's own
   * edits), and holds every further edit (streaming, accept, reject) until showAfterSave(). Resolves once
   * that text is in the document (after the edit in flight, if any, landed), or the session stopped.
   * The hidden lines keep their place, and the user's edits elsewhere are tracked as usual meanwhile.
   */
  async hideForSave(): Promise<void> {
    if (!this.isLive()) return;
    this.held = true;
    for (;;) {
      await this.waitUntil(() => !this.inFlight);
      if (!this.isLive() || !this.held) return;
      const plan = this.planHide();
      if (!plan) return;
      // Lands or fails (the user typed in between): then the hiding is planned again from the rows as they are.
      await this.apply(plan);
    }
  }

  /** After the save: puts the hidden lines back where they were, and lets the held edits go. */
  showAfterSave(): void {
    if (!this.held) return;
    this.held = false;
    this.kick();
  }

  /** Stops tracking the document and cancels any frame waiting; unresolved review promises resolve. */
  dispose(): void {
    if (this.status === 'disposed') return;
    this.stop('disposed');
  }

  private async finishStream(reason: FinishReason): Promise<EditSessionEnd> {
    const summary = this.engine.end(reason);
    this.syncHunks();
    if (this.isLive()) {
      this.dirty = true;
      this.kick();
      await this.waitUntil(() => !this.dirty && !this.inFlight && this.placed === this.sessionHunks.length);
    }
    if (this.isLive()) {
      this.status = this.openHunks > 0 ? 'reviewing' : 'done';
      this.fireChange();
      this.maybeFinish();
    }
    return { reason, hunks: this.openHunks, summary, documentClosed: this.status === 'closed' };
  }

  private queueOne(action: 'accept' | 'reject', index: number): Promise<number> {
    const hunk = this.openPlacedHunks()[index];
    if (!hunk) return Promise.resolve(this.openHunks);
    return this.queue(action, hunk);
  }

  private queue(action: 'accept' | 'reject', target: SessionHunk | 'all'): Promise<number> {
    if (!this.isLive()) return Promise.resolve(this.openHunks);
    return new Promise((resolve) => {
      this.ops.push({ action, target, resolve });
      this.kick();
    });
  }

  private isLive(): boolean {
    return this.status === 'streaming' || this.status === 'reviewing' || this.status === 'done';
  }

  private openPlacedHunks(): SessionHunk[] {
    return this.sessionHunks.slice(0, this.placed).filter((hunk) => hunk.status === 'open');
  }

  private syncHunks(): void {
    const committed = this.engine.hunks;
    for (let i = this.sessionHunks.length; i < committed.length; i++) this.sessionHunks.push({ source: committed[i]!, status: 'open', edited: false });
  }

  private hasWork(): boolean {
    return this.ops.length > 0 || this.dirty || this.placed < this.sessionHunks.length || this.rows.some((row) => row.hidden !== undefined);
  }

  /**
   * Plans the next edit now, or at the next frame boundary; never two at once. Planning costs O(rows),
   * so it too happens at most once per frame, however many tokens arrive.
   */
  private kick(): void {
    if (!this.isLive() || this.inFlight || this.cancelFrame || this.held) return;
    if (!this.hasWork()) {
      this.maybeFinish();
      return;
    }
    const wait = this.lastStep === undefined ? 0 : this.lastStep + FRAME_MS - this.scheduler.now();
    if (wait > 0) {
      this.cancelFrame = this.scheduler.schedule(() => {
        this.cancelFrame = undefined;
        this.kick();
      }, wait);
      return;
    }
    this.step();
  }

  /** Plans and starts the next edit; plans that need no edit take effect at once. */
  private step(): void {
    this.lastStep = this.scheduler.now();
    while (this.isLive() && !this.inFlight) {
      const op = this.ops[0];
      let plan: Plan | undefined;
      if (this.rows.some((row) => row.hidden !== undefined)) {
        plan = this.planShow();
      } else if (op && (op.target !== 'all' || this.placed === this.sessionHunks.length)) {
        plan = this.planReview(op);
      } else if (this.dirty || this.placed < this.sessionHunks.length) {
        this.dirty = false;
        plan = this.planStream();
        if (!plan) continue;
      } else {
        break;
      }
      if (!plan.request) {
        this.land(plan);
        continue;
      }
      void this.apply(plan);
      return;
    }
    this.notify();
    this.maybeFinish();
  }

  private async apply(plan: Plan): Promise<void> {
    const request = plan.request!;
    const flight = { plan, ownSeen: false };
    this.inFlight = flight;
    let ok: boolean;
    let announced = false;
    try {
      const sent = this.port.apply(request);
      announced = this.willLand(plan.rows);
      ok = await sent;
    } catch (thrown) {
      this.logger.warn('EditSession: apply threw', thrown);
      ok = false;
    }
    this.inFlight = undefined;
    if (!this.isLive()) {
      this.notify();
      return;
    }
    if (ok || flight.ownSeen) {
      if (!flight.ownSeen) {
        this.logger.debug('EditSession: apply succeeded without an own change event; assuming it landed as planned');
        this.land(plan);
      }
      this.applied++;
      this.consecutiveFailures = 0;
    } else {
      this.failed++;
      this.consecutiveFailures++;
      // Nothing of the plan is in the document: the next plan starts again from the rows as they are.
      if (!plan.op) this.dirty = true;
      // What was announced did not happen: the listeners hear of the rows as they are.
      if (announced) this.fireChange();
      this.logger.debug(`EditSession: apply failed (${this.consecutiveFailures} in a row), planning again`);
      if (this.consecutiveFailures >= MAX_CONSECUTIVE_FAILED_SESSION_EDITS) {
        this.logger.warn('EditSession: the document could not be edited; stopping');
        this.stop('closed');
        return;
      }
    }
    this.notify();
    this.kick();
  }

  /** The plan's effect is in the document: adopt its rows and resolve what it resolved. */
  private land(plan: Plan): void {
    this.rows = plan.rows;
    this.placed = plan.placed;
    if (plan.request) this.landedAny = true;
    const op = plan.op;
    if (op) {
      const action = op.action === 'accept' ? 'accepted' : 'rejected';
      for (const hunk of this.targets(op)) hunk.status = action;
      this.ops.splice(this.ops.indexOf(op), 1);
      if (this.engine.ended) this.status = this.openHunks > 0 ? 'reviewing' : 'done';
      op.resolve(this.openHunks);
    }
    this.fireChange();
  }

  private targets(op: ReviewOp): SessionHunk[] {
    if (op.target === 'all') return this.openPlacedHunks();
    return op.target.status === 'open' ? [op.target] : [];
  }

  /**
   * The edit that brings the document to the engine's current state: each committed hunk not placed yet
   * gets its new lines right below its removed lines, and the pending block (just above the first
   * undecided original line) is replaced by what the engine shows now. Only pending rows are ever
   * replaced; rows that keep their text keep their place (a pending line that became a hunk's new line in
   * the same spot costs nothing). Undefined when nothing changes.
   */
  private planStream(): Plan | undefined {
    const rows = this.rows;
    const visible = this.engine.provisional();
    const pendingStart = rows.findIndex((row) => row.kind === 'pending');
    let pendingEnd = pendingStart;
    while (pendingStart >= 0 && rows[pendingEnd]?.kind === 'pending') pendingEnd++;

    // Where each group of new rows goes, as an index into `rows`; new rows that land right after the
    // pending block replace it.
    const starts = this.startsOf(rows);
    const targets = new Map<number, Row[]>();
    const addTarget = (originalLine: number, list: Row[]): void => {
      let index = this.insertionIndex(originalLine, starts);
      if (pendingStart >= 0 && index === pendingEnd) index = pendingStart;
      targets.set(index, [...(targets.get(index) ?? []), ...list]);
    };
    for (const hunk of this.sessionHunks.slice(this.placed)) {
      const { answerStart, lines } = hunk.source;
      const kept = hunk.taken ? lines.filter((_, i) => answerStart + i < hunk.taken!.from || answerStart + i >= hunk.taken!.until) : lines;
      addTarget(
        hunk.source.originalStart + hunk.source.originalLength,
        kept.map((text): Row => ({ kind: 'added', text, length: text.length + this.eol.length, hunk })),
      );
    }
    if (visible.lines.length > 0) {
      const lines = visible.lines.map((text, i): Row => ({ kind: 'pending', text, length: text.length + this.eol.length, answerLine: visible.firstAnswerLine + i }));
      addTarget(this.engine.consumed + (this.pendingBelow(visible) ? 1 : 0), lines);
    }
    if (pendingStart >= 0 && !targets.has(pendingStart)) targets.set(pendingStart, []);

    const next: Row[] = [];
    const edits: ModelEdit[] = [];
    let copied = 0;
    for (const from of [...targets.keys()].sort((a, b) => a - b)) {
      const wanted = targets.get(from)!;
      const to = from === pendingStart ? pendingEnd : from;
      next.push(...rows.slice(copied, from));
      const old = rows.slice(from, to);
      let keepStart = 0;
      while (keepStart < old.length && keepStart < wanted.length && old[keepStart]!.text === wanted[keepStart]!.text) keepStart++;
      let keepEnd = 0;
      while (
        keepEnd < old.length - keepStart &&
        keepEnd < wanted.length - keepStart &&
        old[old.length - 1 - keepEnd]!.text === wanted[wanted.length - 1 - keepEnd]!.text
      ) {
        keepEnd++;
      }
      const removed = old.slice(keepStart, old.length - keepEnd);
      const added = wanted.slice(keepStart, wanted.length - keepEnd);
      if (removed.length > 0 || added.length > 0) {
        const before = this.modelText(removed);
        edits.push({ from: starts[from + keepStart]!, length: before.length, before, after: this.modelText(added) });
      }
      next.push(...wanted.map((row, i) => (i < keepStart ? reuse(old[i]!, row) : i >= wanted.length - keepEnd ? reuse(old[old.length - (wanted.length - i)]!, row) : row)));
      copied = to;
    }
    next.push(...rows.slice(copied));
    const placed = this.sessionHunks.length;
    this.markRemoved(next, this.sessionHunks.slice(this.placed));
    if (edits.length === 0 && placed === this.placed && sameRows(rows, next)) return undefined;
    return { request: this.request(edits, starts, rows, this.following), rows: next, placed };
  }

  /**
   * Whether the pending block goes below the first undecided original line instead of above it: a bet
   * that its first line replaces that line. When the bet is right (a changed line, the commonest edit)
   * the hunk's new lines are already where a committed hunk shows them, right below its removed line, so
   * committing it needs no edit, only its colours; when it is wrong (an insertion) the block moves above
   * the line at the commit, one edit of pending rows, as it always did for a replacement. Decided when a
   * block is first shown and kept for it (a block that moved on each token would flicker). The block also
   * goes below when the user's lines (pending lines they typed in) are there already, so the stream goes
   * on below them.
   */
  private pendingBelow(visible: ProvisionalLines): boolean {
    const consumed = this.engine.consumed;
    const bet = this.bet;
    if (bet && bet.consumed === consumed && bet.firstAnswerLine === visible.firstAnswerLine) return bet.below;
    const index = this.rows.findIndex((row) => row.kind === 'original' && row.line === consumed);
    let below = false;
    if (index >= 0) {
      for (let i = index + 1; i < this.rows.length && this.rows[i]!.kind !== 'original' && !below; i++) below = this.rows[i]!.kind === 'user';
      const line = this.rows[index]!.text;
      below ||= line !== undefined && resemblesLine(visible.lines[0]!, line, visible.partial && visible.lines.length === 1);
    }
    this.bet = { consumed, firstAnswerLine: visible.firstAnswerLine, below };
    return below;
  }

  /** The original rows a newly placed hunk removes get their hunk (in place: `rows` is a plan's own list). */
  private markRemoved(rows: Row[], hunks: readonly SessionHunk[]): void {
    if (hunks.length === 0) return;
    const byLine = new Map<number, SessionHunk>();
    for (const hunk of hunks) {
      for (let line = hunk.source.originalStart; line < hunk.source.originalStart + hunk.source.originalLength; line++) byLine.set(line, hunk);
    }
    rows.forEach((row, i) => {
      const hunk = row.kind === 'original' ? byLine.get(row.line!) : undefined;
      if (hunk) rows[i] = { ...row, hunk };
    });
  }

  /** The edit that takes the shown new lines of open hunks and the pending lines out, for a save. */
  private planHide(): Plan | undefined {
    const starts = this.startsOf(this.rows);
    const documentEnd = this.documentEnd(this.rows);
    const edits: ModelEdit[] = [];
    const rows = this.rows.map((row, i): Row => {
      const hideable = row.hidden === undefined && row.length > 0 && (row.kind === 'pending' || (row.kind === 'added' && row.hunk?.status === 'open'));
      if (!hideable) return row;
      const start = starts[i]!;
      // A row the user edited is put back as it is in the document (the region's last row: plus the terminator the model adds).
      const text =
        row.text !== undefined ? row.text + this.eol : this.port.getText(start, Math.min(start + row.length, documentEnd)) + (start + row.length > documentEnd ? this.virtualEol : '');
      edits.push({ from: start, length: row.length, before: text, after: '' });
      return { ...row, length: 0, hidden: text };
    });
    if (edits.length === 0) return undefined;
    return { request: this.request(edits, starts, this.rows, false), rows, placed: this.placed };
  }

  /** The edit that puts the hidden rows back where they are. */
  private planShow(): Plan {
    const starts = this.startsOf(this.rows);
    const edits: ModelEdit[] = [];
    const rows = this.rows.map((row, i): Row => {
      if (row.hidden === undefined) return row;
      edits.push({ from: starts[i]!, length: 0, before: '', after: row.hidden });
      const shown: { -readonly [K in keyof Row]: Row[K] } = { ...row, length: row.hidden.length };
      delete shown.hidden;
      return shown;
    });
    return { request: this.request(edits, starts, this.rows, false), rows, placed: this.placed };
  }

  /** The edit that resolves an op's hunks: accept deletes their removed rows, reject their added rows. */
  private planReview(op: ReviewOp): Plan {
    const hunks = new Set(this.targets(op));
    const deleteKind: RowKind = op.action === 'accept' ? 'original' : 'added';
    const starts = this.startsOf(this.rows);
    const next: Row[] = [];
    const edits: ModelEdit[] = [];
    this.rows.forEach((row, i) => {
      if (!row.hunk || !hunks.has(row.hunk)) {
        next.push(row);
        return;
      }
      if (row.kind === deleteKind) {
        edits.push({ from: starts[i]!, length: row.length, before: undefined, after: '' });
        return;
      }
      // The side that stays becomes plain text: accepted new lines are the user's, rejected removed lines are original again.
      next.push(row.kind === 'added' ? { kind: 'user', text: row.text, length: row.length } : { kind: 'original', text: row.text, length: row.length, line: row.line! });
    });
    return { request: this.request(edits, starts, this.rows, false), rows: next, placed: this.placed, op };
  }


  /** The document edit for `edits` (model edits against `rows`), or undefined when it changes nothing. */
  private request(edits: readonly ModelEdit[], starts: readonly number[], rows: readonly Row[], reveal: boolean): EditRequest | undefined {
    const replacements = toReplacements(edits, { modelEnd: starts[rows.length]!, regionStart: this.regionStart, virtualEol: this.virtualEol });
    if (replacements.length === 0) return undefined;
    return { edits: replacements, undoStopBefore: !this.landedAny, undoStopAfter: false, reveal };
  }

  private onPortEvent(event: EditorPortEvent): void {
    if (!this.isLive()) return;
    switch (event.type) {
      case 'change': {
        const flight = this.inFlight;
        if (event.own && flight && !flight.ownSeen) {
          flight.ownSeen = true;
          this.land(flight.plan);
          return;
        }
        if (event.own) this.logger.warn('EditSession: own change reported with no edit pending; tracking it as foreign');
        // Changes after the region (typing further down the file) move nothing the session tracks.
        const modelEnd = this.startsOf(this.rows)[this.rows.length]!;
        if (event.changes.every((change) => change.offset >= modelEnd)) return;
        for (const change of event.changes) this.applyForeign(change);
        this.fireChange();
        this.kick();
        return;
      }
      case 'userMoved':
        // The view follows the stream only until the user takes it (a cursor move or a scroll), for good:
        // following again when they click back into the region would pull the view off what they read.
        this.following = false;
        return;
      case 'closed':
        this.stop('closed');
        return;
    }
  }


  /** Re-tracks the rows through a change someone else made (see the class comment). */
  private applyForeign(change: DocumentChange): void {
    const tracked = trackChange(this.rows, this.regionStart, change, (offset) => this.isLineStart(offset));
    this.regionStart = tracked.regionStart;
    this.rows = tracked.pendingEdited ? this.freezePending(tracked.rows) : tracked.rows;
  }

  /**
   * Someone typed in the pending lines: they become the user's (plain text the session never touches),
   * the engine drops the answer lines they showed, and the stream continues below them.
   */
  private freezePending(rows: Row[]): Row[] {
    let shownFrom = Infinity;
    let shownUntil = 0;
    const next = rows.map((row) => {
      if (row.kind !== 'pending') return row;
      shownFrom = Math.min(shownFrom, row.answerLine!);
      shownUntil = Math.max(shownUntil, row.answerLine! + 1);
      return { kind: 'user' as const, length: row.length, text: row.text };
    });
    this.engine.takeOver(shownUntil);
    for (const hunk of this.sessionHunks.slice(this.placed)) {
      const { answerStart, lines } = hunk.source;
      if (answerStart >= shownUntil || answerStart + lines.length <= shownFrom) continue;
      hunk.taken = { from: shownFrom, until: shownUntil };
      // Nothing of it would reach the document: it is the user's already.
      if (hunk.source.originalLength === 0 && answerStart >= shownFrom && answerStart + lines.length <= shownUntil) hunk.status = 'accepted';
    }
    this.logger.info('EditSession: the pending lines were edited; they are the user\'s now');
    this.dirty = true;
    return next;
  }

  private stop(state: 'closed' | 'disposed'): void {
    this.status = state;
    this.cancelFrame?.();
    this.cancelFrame = undefined;
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions = [];
    for (const op of this.ops.splice(0)) op.resolve(this.openHunks);
    this.notify();
    if (state === 'closed') this.fireChange();
    this.changeListeners.clear();
  }

  /** Once the stream ended and no hunk is left, closes the undo group and stops listening. */
  private maybeFinish(): void {
    if (this.finished || this.status !== 'done' || this.inFlight || this.hasWork()) return;
    this.finished = true;
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions = [];
    if (!this.landedAny) return;
    this.port.finish().catch((thrown: unknown) => this.logger.warn('EditSession: finish() threw', thrown));
  }

  private fireChange(): void {
    for (const listener of [...this.changeListeners]) {
      try {
        listener();
      } catch (thrown) {
        this.logger.warn('EditSession: a change listener threw', thrown);
      }
    }
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once `condition` holds (re-checked on every state change), or the session stopped. */
  private async waitUntil(condition: () => boolean): Promise<void> {
    while (!condition() && this.isLive()) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }


  private modelText(rows: readonly Row[]): string {
    return rowsText(rows, this.eol);
  }

  /** Model offsets of each row's start; the last entry is the model's end. */
  private startsOf(rows: readonly Row[]): number[] {
    return rowStarts(rows, this.regionStart);
  }

  private documentEnd(rows: readonly Row[]): number {
    return rowsDocumentEnd(rows, this.regionStart, this.virtualEol);
  }

  /**
   * Where new rows go "right above original line `line`": the index of that line's row (rows.length for
   * the end), moved down past rows that do not start a document line (the user joined them to the line
   * above), so new lines never split a line.
   */
  private insertionIndex(line: number, starts: readonly number[]): number {
    let index = this.rows.findIndex((row) => row.kind === 'original' && row.line! >= line);
    if (index < 0) return this.rows.length;
    while (index < this.rows.length && !this.isLineStart(starts[index]!)) index++;
    return index;
  }

  /** True when `offset` starts a line of the document. */
  private isLineStart(offset: number): boolean {
    return offset === 0 || this.port.lineAt(offset) > this.port.lineAt(offset - 1);
  }

  /** Fires onWillLand with the view of `rows`, when its lines can be known before they are in the document. */
  private willLand(rows: readonly Row[]): boolean {
    if (this.landListeners.size === 0) return false;
    const lineOf = this.linesAfter(rows);
    if (!lineOf) return false;
    const view: EditSessionView = { hunks: this.hunksOf(rows, lineOf), pending: this.pendingOf(rows, lineOf) };
    for (const listener of [...this.landListeners]) {
      try {
        listener(view);
      } catch (thrown) {
        this.logger.warn('EditSession: a will-land listener threw', thrown);
      }
    }
    return true;
  }

  /**
   * The document line of an offset once `rows` are in the document, computed from the rows: possible when
   * every row shown is one whole line (its text known, one terminator); undefined otherwise (the user
   * joined or split lines in the region), and then no view is announced before the edit lands.
   */
  private linesAfter(rows: readonly Row[]): ((offset: number) => number) | undefined {
    const firstLine = this.port.lineAt(this.regionStart);
    const starts: number[] = [];
    let at = this.regionStart;
    for (const row of rows) {
      if (row.length === 0) continue;
      const terminator = row.text === undefined ? -1 : row.length - row.text.length;
      if (row.text === undefined || row.text.includes('\n') || terminator < 1 || terminator > 2) return undefined;
      starts.push(at);
      at += row.length;
    }
    return (offset) => {
      if (offset < this.regionStart) return this.port.lineAt(offset);
      // The last row start at or before the offset (offsets past the region count from its end).
      let low = 0;
      let high = starts.length - 1;
      if (high < 0) return firstLine;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (starts[middle]! <= offset) low = middle;
        else high = middle - 1;
      }
      return firstLine + low + (offset >= at ? 1 : 0);
    };
  }
}

function lineRange([start, end]: readonly [number, number], lineOf: (offset: number) => number): LineRange {
  const startLine = lineOf(start);
  const endLine = end > start ? lineOf(end - 1) + 1 : startLine;
  return { start, end, startLine, endLine };
}

