/**
 * Continues a cut answer through any provider, as one stream that every sink consumes like a fresh
 * answer: its deltas are already seam-repaired, so the chat appends them to the same message, the
 * editor pushes them through the transforms that stripped the partial, and the joined text reads as one
 * answer.
 *
 * The mode comes from the provider's endpoint (`LlmProvider.continuation`; without it, the fallback any
 * server understands). A mode the endpoint refuses (an error before any output that names the mode's
 * field, `isContinuationRefusal`) is remembered and the next mode is tried at once, in the same stream;
 * an exact mode whose reply the SeamRepairer finds ignored (`prefillIgnored`) is remembered too, and its
 * text is already repaired like a fallback reply. So the probe costs at most one refused request per mode
 * and endpoint, once per session.
 */
import { nullLogger, type Logger } from '../log';
import type { ChatMessage, ContinuationMode, LlmProvider, StreamEvent } from '../stream/types';
import { buildContinuationRequest, isContinuationRefusal } from './ContinuationRequest';
import { SeamRepairer, type SeamRepairs } from './SeamRepairer';

export interface ContinuationOptions {
  /** The messages of the cut request, without the system prompt (the provider adds it). */
  readonly conversation: readonly ChatMessage[];
  /** The raw answer so far as the model wrote it (fences and prose included; after a round, the joined text). */
  readonly partial: string;
  /** The model the cut request used, when it overrode the configured one. */
  readonly model?: string;
  readonly logger?: Logger;
}

export class ContinuationStream implements AsyncIterable<StreamEvent> {
  private usedMode: ContinuationMode | undefined;
  private seamRepairs: SeamRepairs | undefined;
  private readonly refusedModes: ContinuationMode[] = [];
  private started = false;

  constructor(
    private readonly provider: LlmProvider,
    private readonly options: ContinuationOptions,
    private readonly signal: AbortSignal,
  ) {}

  /** The mode of the request that answered (after any refusals); undefined before it. */
  get mode(): ContinuationMode | undefined {
    return this.usedMode;
  }

  /** The modes the endpoint refused during this continuation, in the order they were tried. */
  get refused(): readonly ContinuationMode[] {
    return this.refusedModes;
  }

  /** What the seam repair did, once the stream has ended. */
  get repairs(): SeamRepairs | undefined {
    return this.seamRepairs;
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    if (this.started) throw new Error('ContinuationStream can be read once');
    this.started = true;
    return this.run();
  }

  private async *run(): AsyncGenerator<StreamEvent, void, undefined> {
    const { conversation, partial, model } = this.options;
    const logger = this.options.logger ?? nullLogger;
    const modes = this.provider.continuation;
    for (;;) {
      const mode = modes?.next() ?? 'fallback';
      this.usedMode = mode;
      const request = buildContinuationRequest(mode, conversation, partial);
      const repairer = new SeamRepairer(partial, { mode });
      let output = false;
      let refused = false;
      const events = this.provider.stream({ messages: request.messages, extraBody: request.extraBody, ...(model ? { model } : {}) }, this.signal);
      for await (const event of events) {
        if (event.type === 'delta') {
          output = true;
          const text = repairer.push(event.text);
          if (text) yield { type: 'delta', text };
          continue;
        }
        if (event.type !== 'finish') {
          if (event.type === 'reasoning') output = true;
          yield event;
          continue;
        }
        if (!output && event.reason === 'error' && isContinuationRefusal(mode, event.error)) {
          refused = true;
          this.refusedModes.push(mode);
          logger.info(`Continuation in ${mode} mode refused: ${event.error.message}`);
          modes?.refuse(mode);
          break;
        }
        const rest = repairer.end();
        if (rest) yield { type: 'delta', text: rest };
        this.seamRepairs = repairer.repairs;
        if (this.seamRepairs.prefillIgnored) {
          logger.info(`The endpoint ignored the ${mode} continuation field and answered anew; its reply was repaired like a fallback one.`);
          modes?.refuse(mode);
        }
        logger.info(`Continued in ${mode} mode: ${describeRepairs(this.seamRepairs)}`);
        yield event;
        return;
      }
      // A provider ends every stream with `finish`; a stream that just stops is left to the consumer.
      if (!refused) return;
    }
  }
}

function describeRepairs(repairs: SeamRepairs): string {
  const parts: string[] = [];
  if (repairs.droppedHead) parts.push(`dropped ${JSON.stringify(repairs.droppedHead.slice(0, 80))} at the start`);
  if (repairs.overlap > 0) parts.push(`dropped ${repairs.overlap} repeated characters`);
  if (repairs.addedIndent) parts.push(`re-indented by ${JSON.stringify(repairs.addedIndent)}`);
  if (repairs.insertedNewline) parts.push('added a line break at the seam');
  if (repairs.droppedTail) parts.push('dropped a closing fence and what followed it');
  return parts.length > 0 ? parts.join(', ') : 'appended as is';
}
