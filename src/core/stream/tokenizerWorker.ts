/**
 * The tokenizer's thread (bundled to dist/tokenizer-worker.js). gpt-tokenizer's o200k_base vocabulary
 * is slow to load and most of the extension's code by size: loading it here keeps the extension bundle small,
 * activation fast and the extension host's thread free while streams are running.
 */
import { parentPort } from 'node:worker_threads';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

/** Special-token strings in model output are ordinary text here, never a reason to throw. */
const ENCODE_OPTIONS = { disallowedSpecial: new Set<string>() };

parentPort?.on('message', (message: { id: number; text: string }) => {
  let count: number;
  try {
    count = countTokens(message.text, ENCODE_OPTIONS);
  } catch {
    // Never let an estimate break a stream: about four characters per token for text it cannot encode.
    count = Math.ceil(message.text.length / 4);
  }
  parentPort?.postMessage({ id: message.id, count });
});
