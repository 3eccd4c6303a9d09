import type { KeyValueStore } from '../../../src/core/chat/ConversationStore';

/**
 * An in-memory stand-in for VS Code's Memento: values are cloned on the way in and out, so a test sees
 * only what was stored, as the real storage (which serializes) would give it back.
 */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    return structuredClone(this.data.get(key)) as T | undefined;
  }

  update(key: string, value: unknown): Promise<void> {
    this.data.set(key, structuredClone(value));
    return Promise.resolve();
  }

  /** The size of what is stored under `key` as VS Code writes it (JSON). */
  sizeOf(key: string): number {
    return JSON.stringify(this.data.get(key)).length;
  }
}
