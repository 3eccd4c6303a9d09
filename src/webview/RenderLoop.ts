import type { ViewScheduler } from './scheduler';

/** A part of the view that brings its DOM up to date when asked (a message's renderer). */
export interface Renderable {
  render(): void;
}

/**
 * One DOM update per animation frame however many chunks arrive: parts mark themselves dirty as text
 * comes in and are rendered together on the next frame, then `afterFrame` runs once.
 */
export class RenderLoop {
  private readonly dirty = new Set<Renderable>();
  private requested = false;

  constructor(
    private readonly scheduler: ViewScheduler,
    private readonly afterFrame: () => void,
  ) {}

  markDirty(part: Renderable): void {
    this.dirty.add(part);
    this.request();
  }

  /** Asks for a frame (its afterFrame) even when nothing is dirty yet. */
  request(): void {
    if (this.requested) return;
    this.requested = true;
    this.scheduler.frame(() => this.flush());
  }

  /** Drops a part that was rendered (or removed) outside the loop. */
  forget(part: Renderable): void {
    this.dirty.delete(part);
  }

  /** Renders every dirty part now; the frame callback, and a loaded conversation that should not wait for it. */
  flush(): void {
    this.requested = false;
    for (const part of this.dirty) part.render();
    this.dirty.clear();
    this.afterFrame();
  }
}
