/**
 * Token counting off the main thread. The tokenizer (gpt-tokenizer, o200k_base) runs in a worker thread,
 * so its slow vocabulary load and its encoding work never block the extension host while text
 * streams into an editor or the chat.
 */
import { Worker } from 'node:worker_threads';

export interface Tokenizer {
  /** Tokens in `text`; resolves once the tokenizer has counted it. */
  count(text: string): Promise<number>;
}

export class WorkerTokenizer implements Tokenizer {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (n: number) => void; text: string }>();
  private failed = false;

  /** @param scriptPath the bundled tokenizer-worker.js */
  constructor(private readonly scriptPath: string) {}

  /** Starts the worker now, so the vocabulary is loaded before the first stream needs it. */
  warmUp(): void {
    this.ensureWorker();
  }

  count(text: string): Promise<number> {
    if (!text) return Promise.resolve(0);
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(fallbackCount(text));
    const id = this.nextId++;
    return new Promise<number>((resolve) => {
      this.pending.set(id, { resolve, text });
      // Keep the process alive only while counts are outstanding.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, text });
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.settleAllWithFallback();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(this.scriptPath);
      worker.unref();
      worker.on('message', (message: { id: number; count: number }) => {
        const entry = this.pending.get(message.id);
        if (!entry) return;
        this.pending.delete(message.id);
        if (this.pending.size === 0) worker.unref();
        entry.resolve(message.count);
      });
      worker.on('error', () => this.fail());
      worker.on('exit', () => {
        if (this.worker === worker) this.fail();
      });
      this.worker = worker;
    } catch {
      this.fail();
    }
    return this.worker;
  }

  private fail(): void {
    this.failed = true;
    this.worker = undefined;
    this.settleAllWithFallback();
  }

  private settleAllWithFallback(): void {
    for (const { resolve, text } of this.pending.values()) resolve(fallbackCount(text));
    this.pending.clear();
  }
}

/** Only when the tokenizer cannot run at all: about four characters per token. */
function fallbackCount(text: string): number {
  return Math.ceil(text.length / 4);
}
