/**
 * Injected by the runner (Playwright) into the chat webview's frame, where the real dist/webview.js runs.
 * It watches the real chat render a streamed answer, with the shared clock
 * (performance.timeOrigin + performance.now()):
 * - script time: every requestAnimationFrame callback (ChatView renders once per frame), every 'message'
 *   event (host messages) and every requestIdleCallback (highlighting), wrapped and summed;
 * - frames: the gaps between consecutive animation frames, and PerformanceObserver('longtask');
 * - first text: a MutationObserver on the answer's message body;
 * - fully rendered: the ChatView's own `token-stream:done:<id>` performance mark (set right after the
 *   renderer's finish());
 * - the user's Stop, Send and Continue: when the pointer went down, from a capture listener (the runner clicks);
 * - reasoning: the characters posted into the answer's Thinking block, and how many it shows at the end.
 * It also records the chunks and frame boundaries it saw, to replay the same stream twice in this frame with
 * the same libraries (the project's marked + DOMPurify + highlight.js pipeline): our IncrementalMarkdownRenderer,
 * and a naive renderer that re-renders the whole message every frame.
 *
 * Built by esbuild (bench/** -> out/bench/**, CommonJS): the runner wraps it in a function with `module`.
 */
import { IncrementalMarkdownRenderer } from '../../src/webview/IncrementalMarkdownRenderer';
import { MarkdownPipeline } from '../../src/webview/markdown';

type ReplayEvent = string | 0; // a chunk's text, or 0 for a frame (render)

interface Run {
  readonly runId: string;
  messageId?: string;
  firstTextAt?: number;
  lastMutationAt?: number;
  scriptMs: number;
  rafMs: number;
  messageMs: number;
  idleMs: number;
  longestTaskMs: number;
  /** Longest single callback of the chat's own (raf, message, idle). */
  longestOwnTaskMs: number;
  longestFrameMs: number;
  longTasks: number;
  lastFrameAt?: number;
  chunks: number;
  chunkChars: number;
  /** Reasoning characters the host posted for the answer (streamReasoning). */
  reasoningChars: number;
  frames: number;
  events: ReplayEvent[];
}

const now = (): number => performance.timeOrigin + performance.now();

let current: Run | undefined;
let pointerDown: { at: number; handledAt: number; role?: string } | undefined;
let replaySource: ReplayEvent[] = [];
let replayChars = 0;
let installed = false;
let origRaf: (cb: FrameRequestCallback) => number;

function bodyOf(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-role="message"][data-id="${CSS.escape(id)}"] [data-role="message-body"]`);
}

function task(kind: 'raf' | 'message' | 'idle', ms: number): void {
  const run = current;
  if (!run) return;
  run.scriptMs += ms;
  if (kind === 'raf') run.rafMs += ms;
  else if (kind === 'message') run.messageMs += ms;
  else run.idleMs += ms;
  if (ms > run.longestOwnTaskMs) run.longestOwnTaskMs = ms;
}

export function install(): { ok: boolean; longtask: boolean } {
  if (installed) return { ok: true, longtask: true };
  installed = true;
  const w = window as Window & { requestIdleCallback?: (cb: IdleRequestCallback, o?: IdleRequestOptions) => number };
  origRaf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb: FrameRequestCallback): number =>
    origRaf((ts) => {
      current?.events.push(0);
      if (current) current.frames++;
      const t0 = performance.now();
      try {
        cb(ts);
      } finally {
        task('raf', performance.now() - t0);
      }
    });
  if (typeof w.requestIdleCallback === 'function') {
    const origIdle = w.requestIdleCallback.bind(window);
    w.requestIdleCallback = (cb: IdleRequestCallback, o?: IdleRequestOptions): number =>
      origIdle((deadline) => {
        const t0 = performance.now();
        try {
          cb(deadline);
        } finally {
          task('idle', performance.now() - t0);
        }
      }, o);
  }
  // At the target, capture listeners run first and later-registered bubble listeners last: the pair brackets
  // the ChatView's own 'message' listener.
  let messageStart = 0;
  window.addEventListener(
    'message',
    (e: MessageEvent) => {
      messageStart = performance.now();
      const data = e.data as { type?: string; id?: string; text?: string } | undefined;
      const run = current;
      if (!run || !data) return;
      if (data.type === 'streamStart' && !run.messageId) run.messageId = data.id;
      if (data.type === 'streamChunk' && data.id === run.messageId && typeof data.text === 'string') {
        run.chunks++;
        run.chunkChars += data.text.length;
        run.events.push(data.text);
      }
      if (data.type === 'streamReasoning' && data.id === run.messageId && typeof data.text === 'string') run.reasoningChars += data.text.length;
    },
    true,
  );
  window.addEventListener('message', () => task('message', performance.now() - messageStart));

  // The user's Stop: when the pointer went down (the event's own timeStamp: when the browser created it).
  window.addEventListener(
    'pointerdown',
    (e: PointerEvent) => {
      const role = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-role]')?.dataset.role : undefined;
      pointerDown = { at: performance.timeOrigin + e.timeStamp, handledAt: now(), role };
    },
    true,
  );

  const messages = document.querySelector('[data-role="messages"]') ?? document.body;
  new MutationObserver((records) => {
    const run = current;
    if (!run?.messageId) return;
    const body = bodyOf(run.messageId);
    if (!body) return;
    const t = now();
    if (!records.some((r) => body.contains(r.target))) return;
    run.lastMutationAt = t;
    if (run.firstTextAt === undefined && (body.textContent ?? '').length > 0) run.firstTextAt = t;
  }).observe(messages, { childList: true, subtree: true, characterData: true });

  let longtask = false;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!current) continue;
        current.longTasks++;
        if (entry.duration > current.longestTaskMs) current.longestTaskMs = entry.duration;
      }
    }).observe({ type: 'longtask' });
    longtask = true;
  } catch {
    // not supported in this frame
  }
  return { ok: true, longtask };
}

function frameLoop(run: Run): void {
  origRaf(() => {
    if (current !== run) return;
    const t = performance.now();
    if (run.lastFrameAt !== undefined) run.longestFrameMs = Math.max(run.longestFrameMs, t - run.lastFrameAt);
    run.lastFrameAt = t;
    frameLoop(run);
  });
}

export function begin(runId: string): void {
  current = {
    runId,
    scriptMs: 0,
    rafMs: 0,
    messageMs: 0,
    idleMs: 0,
    longestTaskMs: 0,
    longestOwnTaskMs: 0,
    longestFrameMs: 0,
    longTasks: 0,
    chunks: 0,
    chunkChars: 0,
    reasoningChars: 0,
    frames: 0,
    events: [],
  };
  frameLoop(current);
}

/** The answer of the current run shows text. */
export function hasText(): boolean {
  return current?.firstTextAt !== undefined;
}

/** The last pointer down in this frame, on the shared clock, and the data-role of the element it hit. */
export function lastPointerDown(): { at: number; handledAt: number; role?: string } | undefined {
  return pointerDown;
}

/** Waits (bounded) for the answer's done mark, stops watching and reports. */
export async function end(timeoutMs: number): Promise<Record<string, unknown>> {
  const run = current;
  if (!run) return { error: 'no run in progress' };
  const deadline = performance.now() + timeoutMs;
  let done: PerformanceEntry | undefined;
  while (performance.now() < deadline) {
    done = run.messageId ? performance.getEntriesByName(`token-stream:done:${run.messageId}`).at(-1) : undefined;
    if (done) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  // Let idle highlighting of the last blocks run inside the measured window.
  await new Promise((r) => setTimeout(r, 600));
  current = undefined;
  if (run.chunkChars > replayChars) {
    replaySource = run.events;
    replayChars = run.chunkChars;
  }
  const body = run.messageId ? bodyOf(run.messageId) : null;
  return {
    runId: run.runId,
    messageId: run.messageId,
    firstTextAt: run.firstTextAt,
    lastMutationAt: run.lastMutationAt,
    doneAt: done ? performance.timeOrigin + done.startTime : undefined,
    scriptMs: run.scriptMs,
    rafMs: run.rafMs,
    messageMs: run.messageMs,
    idleMs: run.idleMs,
    longestTaskMs: run.longestTaskMs,
    longestOwnTaskMs: run.longestOwnTaskMs,
    longestFrameMs: run.longestFrameMs,
    longTasks: run.longTasks,
    chunks: run.chunks,
    chunkChars: run.chunkChars,
    reasoningChars: run.reasoningChars,
    renderedReasoningChars: body?.parentElement?.querySelector('[data-role="reasoning-content"]')?.textContent?.length ?? 0,
    frames: run.frames,
    renderedChars: body?.textContent?.length ?? 0,
    ...(done ? {} : { error: `no token-stream:done mark within ${timeoutMs} ms (message ${run.messageId ?? 'never started'})` }),
  };
}

/**
 * Replays the largest recorded stream (same chunks, same frame boundaries) into hidden containers of this
 * document: ours (IncrementalMarkdownRenderer: append per chunk, render per frame, highlighting of finished
 * blocks) and a naive full re-render (the whole text through the same MarkdownPipeline every frame,
 * highlighting once at the end, as ours). Script time only; the naive one stops at `capMs` (its time is
 * then a lower bound).
 */
export function replay(capMs: number): Record<string, unknown> {
  if (replaySource.length === 0) return { error: 'nothing recorded to replay' };
  const host = document.createElement('div');
  host.hidden = true;
  document.body.append(host);
  try {
    const pipeline = new MarkdownPipeline(window);
    const oursBox = document.createElement('div');
    host.append(oursBox);
    const t0 = performance.now();
    const renderer = new IncrementalMarkdownRenderer({ window, container: oursBox, pipeline, onDirty: () => undefined });
    let frames = 0;
    for (const e of replaySource) {
      if (e === 0) {
        frames++;
        renderer.render();
        renderer.flushHighlighting();
      } else renderer.append(e);
    }
    renderer.finish();
    renderer.flushHighlighting();
    const oursMs = performance.now() - t0;

    const fullBox = document.createElement('div');
    host.append(fullBox);
    let text = '';
    let capped = false;
    const t1 = performance.now();
    for (const e of replaySource) {
      if (e === 0) {
        fullBox.replaceChildren(pipeline.renderToFragment(text));
        if (performance.now() - t1 > capMs) {
          capped = true;
          break;
        }
      } else text += e;
    }
    if (!capped) {
      fullBox.replaceChildren(pipeline.renderToFragment(text));
      for (const code of Array.from(fullBox.querySelectorAll<HTMLElement>('pre > code'))) pipeline.highlight(code);
    }
    const fullMs = performance.now() - t1;
    return {
      oursMs,
      fullMs,
      capped,
      frames,
      chars: replayChars,
      sameText: oursBox.textContent === (capped ? oursBox.textContent : fullBox.textContent),
    };
  } finally {
    host.remove();
  }
}
