import * as assert from 'node:assert/strict';
import { EditSession, type EditSessionOptions } from '../../../../src/core/edit/EditSession';
import { sameHunk } from '../../../../src/core/edit/lineDiff';
import { type LineHunk } from '../../../../src/core/edit/lineDiff';
import { FakeScheduler } from '../../../support/fakes/FakeScheduler';
import { FakeEditSessionPort } from './FakeEditSessionPort';

export interface Setup {
  readonly scheduler: FakeScheduler;
  readonly port: FakeEditSessionPort;
  readonly session: EditSession;
  /** The document as it was before the session. */
  readonly initial: string;
  readonly prefix: string;
  readonly suffix: string;
}

/**
 * A document `prefix + original + suffix` (no suffix when the original ends the document without a
 * terminator) and a session over its region.
 */
export function setupSession(
  original: string,
  options: { eol?: '\n' | '\r\n'; latencyMs?: number; prefix?: string; suffix?: string; session?: Partial<EditSessionOptions> } = {},
): Setup {
  const eol = options.eol ?? '\n';
  const prefix = options.prefix ?? `// before${eol}`;
  const endsDocument = original !== '' && !original.endsWith('\n');
  const suffix = endsDocument ? '' : (options.suffix ?? `// after${eol}`);
  const initial = prefix + original + suffix;
  const scheduler = new FakeScheduler();
  const port = new FakeEditSessionPort(scheduler, initial, { start: prefix.length, end: prefix.length + original.length }, { eol, latencyMs: options.latencyMs ?? 3 });
  const session = new EditSession(port, { start: prefix.length, original, scheduler, ...options.session });
  return { scheduler, port, session, initial, prefix, suffix };
}

/** Splits `text` into tokens of `size` characters. */
export function tokens(text: string, size: number): string[] {
  const list: string[] = [];
  for (let i = 0; i < text.length; i += size) list.push(text.slice(i, i + size));
  return list;
}

/**
 * Streams `text` into the session in tokens of `size`, `perMs` tokens per millisecond of fake time,
 * checking after every token that no committed hunk was retracted or changed, both in the engine and in
 * the document (a placed hunk's lines keep their text).
 */
export async function stream(setup: Setup, text: string, size: number, perMs = 1): Promise<void> {
  const { session, scheduler, port } = setup;
  let seen: LineHunk[] = [];
  const shown = new Map<LineHunk, string>();
  const checkDocument = (): void => {
    for (const hunk of session.hunks) {
      const now = port.text.slice(hunk.removed.start, hunk.added.end);
      const before = shown.get(hunk.source);
      if (before === undefined) shown.set(hunk.source, now);
      else assert.equal(now, before, 'a placed hunk never changes in the document');
    }
  };
  const listener = session.onDidChange(checkDocument);
  try {
    const list = tokens(text, size);
    for (let i = 0; i < list.length; i++) {
      session.push(list[i]!);
      const hunks = session.diff.hunks;
      assert.ok(hunks.length >= seen.length, 'hunks are never removed');
      seen.forEach((hunk, k) => assert.ok(sameHunk(hunk, hunks[k]!) && hunk === hunks[k], `hunk ${k} never changes`));
      seen = [...hunks];
      if ((i + 1) % perMs === 0) await scheduler.advance(1);
    }
  } finally {
    listener.dispose();
  }
}

/** The answer's lines as the engine reads them: split at '\n', without '\r', no empty last line. */
export function answerLines(answer: string): string[] {
  if (answer === '') return [];
  const list = answer.split('\n').map((line) => line.replace(/\r$/, ''));
  if (answer.endsWith('\n')) list.pop();
  return list;
}

/** Lines joined the way the region holds them: with terminators unless the region ends the document. */
export function regionText(lines: readonly string[], eol: string, endsDocument: boolean): string {
  return endsDocument ? lines.join(eol) : lines.map((line) => line + eol).join('');
}
