import { ChatController } from '../../../../src/core/chat/ChatController';
import { ConversationStore } from '../../../../src/core/chat/ConversationStore';
import { nullLogger } from '../../../../src/core/log';
import { instrument } from '../../../../src/core/stream/instrument';
import type { RawProvider } from '../../../../src/core/stream/types';
import type { HostMessage } from '../../../../src/shared/protocol';
import { FakeScheduler } from '../../../support/fakes/FakeScheduler';
import { MemoryStore } from '../../../support/fakes/MemoryStore';

export interface ChatSetupOptions {
  /** The storage the conversation store starts from (an empty one by default). */
  readonly storage?: MemoryStore;
  /** tokenStream.autoContinue; left out, the controller is given no such port. */
  readonly autoContinue?: number;
}

/**
 * A ChatController over `provider` (through the real stream stage) on a fake clock, with what it posts
 * to the view collected in `posted`.
 */
export function chatSetup(provider: RawProvider, { storage = new MemoryStore(), autoContinue }: ChatSetupOptions = {}) {
  const posted: HostMessage[] = [];
  const store = new ConversationStore(storage);
  const scheduler = new FakeScheduler();
  const controller = new ChatController(store, {
    post: (m) => posted.push(m),
    createProvider: () => Promise.resolve(instrument(provider, { scheduler })),
    scheduler,
    logger: nullLogger,
    ...(autoContinue === undefined ? {} : { autoContinueRounds: () => autoContinue }),
  });
  return { posted, store, storage, scheduler, controller };
}
