// jsdom for the webview tests: the renderer and the chat view take their window and their time as parameters.
import { JSDOM } from 'jsdom';
import { FRAME_MS } from '../../../src/core/scheduler';
import type { ViewScheduler } from '../../../src/webview/scheduler';
import type { FakeScheduler } from '../../support/fakes/FakeScheduler';

export type TestWindow = Window & typeof globalThis;

/** A jsdom window; `runScripts` lets inline handlers and inserted scripts run (for tests that must see them not run). */
export function createWindow(options: { runScripts?: boolean } = {}): TestWindow {
  const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>', {
    pretendToBeVisual: true,
    url: 'https://webview.test/',
    ...(options.runScripts ? { runScripts: 'dangerously' as const } : {}),
  });
  return dom.window as unknown as TestWindow;
}

/** Idle callbacks come this long after they are asked for. */
export const IDLE_MS = 50;

/**
 * The view's time on the fake clock the core tests use: a frame is a timer FRAME_MS away, idle time one
 * IDLE_MS away, so `await clock.advance(FRAME_MS)` is "the next frame".
 */
export function viewScheduler(clock: FakeScheduler): ViewScheduler {
  return {
    now: () => clock.now(),
    schedule: (fn, ms) => clock.schedule(fn, ms),
    frame: (fn) => void clock.schedule(fn, FRAME_MS),
    idle: (fn) => void clock.schedule(fn, IDLE_MS),
  };
}

/** Layout numbers jsdom does not have, for one element: reads of the sizes are counted. */
export interface FakeLayout {
  scrollHeight: number;
  clientHeight: number;
  /** How often scrollHeight or clientHeight was read (each read is a forced layout in a browser). */
  reads: number;
  /** Scrolls as the user would: sets scrollTop and fires `scroll`. */
  userScroll(top: number): void;
}

export function fakeLayout(element: HTMLElement, size: { scrollHeight: number; clientHeight: number }): FakeLayout {
  let scrollTop = 0;
  const layout: FakeLayout = {
    ...size,
    reads: 0,
    userScroll(top) {
      scrollTop = top;
      element.dispatchEvent(new element.ownerDocument.defaultView!.Event('scroll'));
    },
  };
  Object.defineProperties(element, {
    scrollHeight: { get: () => (layout.reads++, layout.scrollHeight) },
    clientHeight: { get: () => (layout.reads++, layout.clientHeight) },
    scrollTop: {
      get: () => scrollTop,
      set: (v: number) => (scrollTop = Math.max(0, Math.min(v, layout.scrollHeight - layout.clientHeight))),
    },
  });
  return layout;
}

/** A ResizeObserver for jsdom (which has none): `resize()` delivers what a browser's layout would. */
export class FakeResizeObserver {
  static readonly live = new Set<FakeResizeObserver>();
  readonly observed = new Set<Element>();

  constructor(private readonly callback: () => void) {
    FakeResizeObserver.live.add(this);
  }

  observe(element: Element): void {
    this.observed.add(element);
  }

  disconnect(): void {
    this.observed.clear();
    FakeResizeObserver.live.delete(this);
  }

  /** Every live observer watching `element` runs, as after a layout that changed its size. */
  static resize(element: Element): void {
    for (const observer of FakeResizeObserver.live) if (observer.observed.has(element)) observer.callback();
  }
}

/** Gives `window` the fake ResizeObserver. */
export function installResizeObserver(window: TestWindow): void {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = FakeResizeObserver;
}
