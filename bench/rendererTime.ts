/**
 * The renderer's main-thread time during a chat answer, from Chromium's DevTools Performance domain
 * (`Performance.getMetrics`: counters kept by the renderer, no tracing). In code-server the chat webview
 * runs in the workbench's renderer process, so the page's counters hold everything the chat costs per
 * answer: the webview's script, the host messages relayed by the workbench into the webview, style,
 * layout and paint, the scroll follower, the conversation persistence (the webview's setState, stored
 * by the workbench) and garbage collection. The workbench's own work during the answer is in it too.
 */
import type { CDPSession, Frame, Page } from 'playwright-core';

/** What the renderer spent between two snapshots, in ms (counts for layouts and style recalculations). */
export interface RendererTime {
  /** Main thread: the sum of its tasks' durations (wall time while busy). */
  readonly taskMs: number;
  /** Main thread: CPU time. */
  readonly threadCpuMs: number;
  /** The whole renderer process (main, compositor, raster threads): CPU time. */
  readonly processCpuMs: number;
  readonly scriptMs: number;
  readonly layoutMs: number;
  readonly styleMs: number;
  readonly layouts: number;
  readonly styles: number;
  /** Wall time between the two snapshots. */
  readonly wallMs: number;
}

type Metrics = Record<string, number>;

/** The renderer's counters at one moment (this process's clock). */
export interface RendererSnapshot {
  readonly at: number;
  readonly metrics: Metrics;
}

const SECONDS = { taskMs: 'TaskDuration', threadCpuMs: 'ThreadTime', processCpuMs: 'ProcessTime', scriptMs: 'ScriptDuration', layoutMs: 'LayoutDuration', styleMs: 'RecalcStyleDuration' } as const;

export class RendererMeter {
  private constructor(
    private readonly sessions: readonly CDPSession[],
    /** How many out-of-process frames (beside the page) are counted: 0 when the chat frame is in the page's process. */
    readonly outOfProcessFrames: number,
  ) {}

  /**
   * Counts the page's renderer, and the renderer of `frame` if it is out of process (a frame in the page's
   * process has no session of its own: Playwright refuses one).
   */
  static async attach(page: Page, frame: Frame): Promise<RendererMeter> {
    const sessions = [await page.context().newCDPSession(page)];
    for (let f: Frame | null = frame; f && f !== page.mainFrame(); f = f.parentFrame()) {
      const own = await page
        .context()
        .newCDPSession(f)
        .catch(() => undefined);
      if (own) {
        // The nearest out-of-process frame root holds the chat frame; a second one up the chain would be
        // the same process or another renderer's main thread counted twice.
        sessions.push(own);
        break;
      }
    }
    for (const session of sessions) await session.send('Performance.enable');
    return new RendererMeter(sessions, sessions.length - 1);
  }

  async snapshot(): Promise<RendererSnapshot> {
    const metrics: Metrics = {};
    for (const session of this.sessions) {
      const { metrics: list } = await session.send('Performance.getMetrics');
      for (const { name, value } of list) metrics[name] = (metrics[name] ?? 0) + value;
    }
    return { at: performance.now(), metrics };
  }

  static between(a: RendererSnapshot, b: RendererSnapshot): RendererTime {
    const d = (name: string): number => (b.metrics[name] ?? 0) - (a.metrics[name] ?? 0);
    const ms = Object.fromEntries(Object.entries(SECONDS).map(([key, name]) => [key, d(name) * 1000])) as Record<keyof typeof SECONDS, number>;
    return { ...ms, layouts: d('LayoutCount'), styles: d('RecalcStyleCount'), wallMs: b.at - a.at };
  }

  async dispose(): Promise<void> {
    for (const session of this.sessions) await session.detach().catch(() => undefined);
  }
}
