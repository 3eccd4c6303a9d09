// A jsdom window for webview tests: the renderer and the chat view take their window as a parameter.
import { JSDOM } from 'jsdom';

export function createWindow(html = '<!DOCTYPE html><html><body></body></html>'): Window & typeof globalThis {
  const dom = new JSDOM(html, { pretendToBeVisual: true, url: 'https://webview.test/' });
  return dom.window as unknown as Window & typeof globalThis;
}

/** A frame/idle function driven by hand: nothing runs until `run()`. */
export class ManualScheduler {
  private queue: (() => void)[] = [];
  readonly schedule = (fn: () => void): void => {
    this.queue.push(fn);
  };
  get pending(): number {
    return this.queue.length;
  }
  run(): void {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      for (const fn of batch) fn();
    }
  }
}
