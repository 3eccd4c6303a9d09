/**
 * Diagnostic Chromium tracing for `node scripts/bench.js --trace` (runner side, plain Node): records the
 * renderer's timeline during one chat run and sums where the main threads' time went, so a missed chat
 * figure can be explained from data (how much is script, style, layout, paint) instead of guessed.
 * Not a figure of the table: tracing slows the page down.
 */
import type { CDPSession, Page } from 'playwright-core';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { name?: string; data?: { frames?: Array<{ url?: string; processId?: number }> } };
}

/** Main-thread events worth summing: the phases of a frame and the callbacks that run script. */
const PHASES = [
  'RunTask',
  'FunctionCall',
  'EventDispatch',
  'FireAnimationFrame',
  'TimerFire',
  'FireIdleCallback',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'UpdateLayer',
  'HitTest',
  'ParseHTML',
  'MinorGC',
  'MajorGC',
  'V8.GC_SCAVENGER',
  'V8.GC_MARK_COMPACTOR',
];

export interface PhaseSummary {
  readonly totalMs: number;
  readonly count: number;
  readonly maxMs: number;
  /** Mean duration in the first and the last fifth of the traced interval: growth means O(length) work. */
  readonly meanFirstFifthMs: number;
  readonly meanLastFifthMs: number;
}

export interface ThreadSummary {
  readonly pid: number;
  readonly urls: string[];
  readonly phases: Record<string, PhaseSummary>;
}

export interface TraceSummary {
  readonly durationMs: number;
  readonly events: number;
  readonly threads: ThreadSummary[];
}

export class ChatTracer {
  private session: CDPSession | undefined;
  private events: TraceEvent[] = [];

  constructor(private readonly page: Page) {}

  async start(): Promise<void> {
    this.events = [];
    this.session = await this.page.context().newCDPSession(this.page);
    this.session.on('Tracing.dataCollected', (e) => {
      for (const event of e.value) this.events.push(event as unknown as TraceEvent);
    });
    await this.session.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: {
        includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', 'blink.user_timing', '__metadata'],
      },
    });
  }

  async stop(): Promise<TraceSummary | undefined> {
    const session = this.session;
    if (!session) return undefined;
    this.session = undefined;
    const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
    await session.send('Tracing.end');
    await complete;
    await session.detach().catch(() => undefined);
    const summary = summarize(this.events);
    this.events = [];
    return summary;
  }
}

export function summarize(events: readonly TraceEvent[]): TraceSummary {
  const mainThreads = new Set<string>();
  const urls = new Map<number, Set<string>>();
  let minTs = Infinity;
  let maxTs = -Infinity;
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mainThreads.add(`${e.pid}:${e.tid}`);
    for (const frame of e.args?.data?.frames ?? []) {
      if (frame.processId === undefined || !frame.url) continue;
      if (!urls.has(frame.processId)) urls.set(frame.processId, new Set());
      urls.get(frame.processId)!.add(frame.url.replace(/\?.*$/, ''));
    }
    if (e.ph === 'X' && e.ts > 0) {
      minTs = Math.min(minTs, e.ts);
      maxTs = Math.max(maxTs, e.ts + (e.dur ?? 0));
    }
  }
  const span = Math.max(1, maxTs - minTs);
  const byThread = new Map<string, Map<string, { total: number; count: number; max: number; first: number[]; last: number[] }>>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || !PHASES.includes(e.name)) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!mainThreads.has(key)) continue;
    if (!byThread.has(key)) byThread.set(key, new Map());
    const phases = byThread.get(key)!;
    if (!phases.has(e.name)) phases.set(e.name, { total: 0, count: 0, max: 0, first: [], last: [] });
    const p = phases.get(e.name)!;
    const ms = e.dur / 1000;
    p.total += ms;
    p.count++;
    p.max = Math.max(p.max, ms);
    const at = (e.ts - minTs) / span;
    if (at < 0.2) p.first.push(ms);
    else if (at >= 0.8) p.last.push(ms);
  }
  const mean = (v: number[]): number => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0);
  const threads: ThreadSummary[] = [];
  for (const [key, phases] of byThread) {
    const pid = Number(key.split(':')[0]);
    const out: Record<string, PhaseSummary> = {};
    for (const name of PHASES) {
      const p = phases.get(name);
      if (p) out[name] = { totalMs: p.total, count: p.count, maxMs: p.max, meanFirstFifthMs: mean(p.first), meanLastFifthMs: mean(p.last) };
    }
    threads.push({ pid, urls: [...(urls.get(pid) ?? [])], phases: out });
  }
  threads.sort((a, b) => (b.phases.RunTask?.totalMs ?? 0) - (a.phases.RunTask?.totalMs ?? 0));
  return { durationMs: span / 1000, events: events.length, threads };
}

/** A few lines per busy renderer main thread. */
export function formatTrace(runId: string, t: TraceSummary): string[] {
  const lines = [`trace ${runId}: ${(t.durationMs / 1000).toFixed(1)} s, ${t.events} events`];
  for (const thread of t.threads) {
    const busy = thread.phases.RunTask?.totalMs ?? 0;
    if (busy < 50) continue;
    const where = thread.urls.map((u) => u.split('/').slice(-2).join('/')).join(', ') || '?';
    lines.push(`  renderer ${thread.pid} (${where}): tasks ${busy.toFixed(0)} ms`);
    for (const [name, p] of Object.entries(thread.phases)) {
      if (name === 'RunTask' || p.totalMs < 5) continue;
      lines.push(
        `    ${name.padEnd(20)} ${p.totalMs.toFixed(0).padStart(7)} ms in ${String(p.count).padStart(6)}, max ${p.maxMs.toFixed(1)} ms, ` +
          `mean first/last fifth ${p.meanFirstFifthMs.toFixed(2)}/${p.meanLastFifthMs.toFixed(2)} ms`,
      );
    }
  }
  return lines;
}
