/**
 * What the three benchmark processes share: the scenario a request asks for (encoded in its prompt, so
 * the bare SDK loop and the extension's commands ask the server the same way), the deterministic
 * content generators, and the records the server keeps per request.
 *
 * Clock: every timestamp is `performance.timeOrigin + performance.now()` (ms since the epoch, sub-ms),
 * comparable across processes on one machine (the runner checks the offset and reports it).
 */

export interface Scenario {
  /** Unique per request: the server's record key. */
  readonly id: string;
  /**
   * 'code': TypeScript lines (no fence), for the editor; 'markdown': prose, lists and fenced code, for the
   * chat; 'edit': the rewrite of editOriginal(editLines) (editAnswer), for Edit Selection; 'apply': a chat
   * answer whose code block changes applyOriginal(editLines) (applyAnswer), and the model merge's answer
   * (applyMergeAnswer) when the request is Apply's merge request.
   */
  readonly kind: 'code' | 'markdown' | 'edit' | 'apply';
  /** Content characters in the answer. */
  readonly chars: number;
  /** Content deltas (tokens) the characters are cut into (about 3.05 characters each). */
  readonly tokens: number;
  /** Tokens per second; 0 writes as fast as the socket drains. */
  readonly tps: number;
  /** Pause between the role chunk and the first content chunk, so the client is idle when it comes. */
  readonly firstDelayMs: number;
  /**
   * Characters of reasoning ("thinking", Markdown prose) sent as `delta.reasoning_content` before the
   * answer, cut into tokens like the answer; paced with it.
   */
  readonly reasoningChars?: number;
  /**
   * The answer stops after this many tokens with `finish_reason: "length"`, as a server's token limit cuts
   * it; a continuation request (the partial answer as the final assistant message) gets the rest.
   */
  readonly cutAfterTokens?: number;
  /** Lines of the Edit Selection figure's selection (kind 'edit'), or of the Apply figure's file (kind 'apply'). */
  readonly editLines?: number;
  /** Kind 'apply': how the answer gives the change. */
  readonly applyShape?: ApplyShape;
}

/** What the server recorded for one chat-completions request (all times on the shared clock). */
export interface ServerRecord {
  readonly id: string;
  receivedAt: number;
  /** Right before the first content byte was handed to the socket. */
  firstContentAt?: number;
  /** After the last byte of the response was flushed to the socket. */
  lastByteAt?: number;
  /** The response (socket) closed: after the end, or when the client hung up. */
  closedAt?: number;
  /** True when the client closed the connection before the response ended. */
  closedByClient?: boolean;
  contentChars: number;
  tokens: number;
  eventsWritten: number;
  /** Characters of the request's JSON body (what the client sent: the prompt and the options). */
  requestChars?: number;
}

export const SCENARIO_TAG = 'BENCH';

/** The server's record key of the request continuing scenario `id`'s cut answer. */
export function continuedId(id: string): string {
  return `${id}.continued`;
}

/** The server's record key of Apply's model-merge request for scenario `id`'s code block. */
export function mergeId(id: string): string {
  return `${id}.merge`;
}

/** How Apply's model-merge request begins (src/core/apply/ModelMerge.ts): the server answers it with SEARCH/REPLACE. */
export const MERGE_REQUEST_START = 'Apply the change shown in the code block below';

/** The prompt that asks the bench server for `scenario`. */
export function promptFor(scenario: Scenario): string {
  return `${SCENARIO_TAG}${JSON.stringify(scenario)}`;
}

/** The scenario inside a prompt, or undefined. */
export function parseScenario(text: string): Scenario | undefined {
  const at = text.lastIndexOf(`${SCENARIO_TAG}{`);
  if (at === -1) return undefined;
  const end = text.indexOf('}', at);
  if (end === -1) return undefined;
  try {
    return JSON.parse(text.slice(at + SCENARIO_TAG.length, end + 1)) as Scenario;
  } catch {
    return undefined;
  }
}

/** Characters per token of the spec's burst: 20,000 tokens = 61,000 characters. */
export const CHARS_PER_TOKEN = 61_000 / 20_000;

export function tokensFor(chars: number): number {
  return Math.max(1, Math.round(chars / CHARS_PER_TOKEN));
}

/** Deterministic TypeScript of exactly `chars` characters, starting with code (so no fence handling holds it back). */
export function codeText(chars: number): string {
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const line =
      i % 7 === 0
        ? `export function compute${i}(value: number, factor = ${i % 13}): number {\n`
        : i % 7 === 6
          ? `}\n`
          : `  const item${i} = value * factor + ${i}; // step ${i}\n`;
    lines.push(line);
    length += line.length;
  }
  return lines.join('').slice(0, chars);
}

const PROSE = [
  'The stream arrives token by token, so the renderer only ever touches the last block of the answer.',
  'Every finished paragraph is committed once and never parsed again, which keeps the cost linear.',
  'Highlighting runs when the browser is idle, once per finished code block, never on every frame.',
  'A list item, a heading or a table is a block like any other: it stays open until the next one starts.',
];

const CODE_BLOCKS = [
  '```typescript\nexport async function* tokens(stream: AsyncIterable<string>): AsyncGenerator<string> {\n  for await (const chunk of stream) {\n    if (chunk.length > 0) yield chunk;\n  }\n}\n\nconst total = [1, 2, 3].map((n) => n * 2).reduce((a, b) => a + b, 0);\nconsole.log(`total: ${total}`);\n```\n',
  '```python\ndef fibonacci(n: int) -> list[int]:\n    values = [0, 1]\n    while len(values) < n:\n        values.append(values[-1] + values[-2])\n    return values[:n]\n\nprint(fibonacci(10))\n```\n',
  '```bash\nfor f in src/**/*.ts; do\n  echo "checking $f"\n  grep -n "TODO" "$f" || true\ndone\n```\n',
];

/** Deterministic Markdown (headings, prose, lists, inline code, fenced code) of exactly `chars` characters. */
export function markdownText(chars: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    let part: string;
    switch (i % 6) {
      case 0:
        part = `## Section ${i / 6 + 1}\n\n`;
        break;
      case 1:
      case 4:
        part = `${PROSE[i % PROSE.length]} See \`renderTail()\` and **step ${i}** for the details, or [the docs](https://example.com/${i}).\n\n`;
        break;
      case 2:
        part = `- first point about chunk ${i}\n- second point, with \`code\`\n- third point: *emphasis*\n\n`;
        break;
      default:
        part = `${CODE_BLOCKS[i % CODE_BLOCKS.length]}\n`;
    }
    parts.push(part);
    length += part.length;
  }
  return parts.join('').slice(0, chars);
}

/** Cuts `text` into exactly `count` pieces of near-equal length (the piece boundaries fall anywhere, as tokens do). */
export function cutIntoTokens(text: string, count: number): string[] {
  const n = Math.max(1, Math.min(count, text.length));
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    const end = Math.round((i * text.length) / n);
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/** The line of editOriginal(lines) that editAnswer(lines) changes (0-based): near the end, a statement. */
export function editChangedLine(lines: number): number {
  let i = Math.max(1, lines - 10);
  while (i % 7 === 0 || i % 7 === 6) i--;
  return i;
}

function editLine(i: number): string {
  return i % 7 === 0
    ? `export function compute${i}(value: number, factor = ${i % 13}): number {\n`
    : i % 7 === 6
      ? `}\n`
      : `  const item${i} = value * factor + ${i}; // step ${i}\n`;
}

/** The Edit Selection figure's selection: `lines` whole lines of TypeScript, each ending with a line feed. */
export function editOriginal(lines: number): string {
  return Array.from({ length: lines }, (_, i) => editLine(i)).join('');
}

/** The rewrite of editOriginal(lines): the same lines but one, editChangedLine(lines), changed. */
export function editAnswer(lines: number): string {
  const changed = editChangedLine(lines);
  return Array.from({ length: lines }, (_, i) => (i === changed ? `  const item${i} = value * factor - ${i}; // step ${i}, changed\n` : editLine(i))).join('');
}

/** The answer text of a scenario. */
export function scenarioText(scenario: Scenario): string {
  if (scenario.kind === 'edit') return editAnswer(scenario.editLines ?? 0);
  if (scenario.kind === 'apply') return applyAnswer(scenario.editLines ?? APPLY_FILE_LINES, scenario.applyShape ?? 'anchored');
  return scenario.kind === 'code' ? codeText(scenario.chars) : markdownText(scenario.chars);
}

/** Wall-clock milliseconds with sub-millisecond precision (the shared clock). */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

// ---------------------------------------------------------------------------------------------
// Apply: a 5-line change in a 1,000-line file

/** Lines of the Apply figure's file (spec: 1,000). */
export const APPLY_FILE_LINES = 1000;

/** How the Apply figure's chat answer gives the change: which tier of Apply it exercises. */
export type ApplyShape = 'exact' | 'anchored' | 'model';

/** The function of applyOriginal() whose five statements the change rewrites: the one around the middle. */
export function applyFunctionLine(lines: number): number {
  return Math.floor(lines / 2 / 7) * 7;
}

/** A changed statement of the Apply figure. */
function applyChangedLine(i: number): string {
  return `  const item${i} = (value - factor) * ${i}; // step ${i}, applied\n`;
}

/** The Apply figure's file: `lines` lines of TypeScript (the Edit Selection figure's generator). */
export function applyOriginal(lines: number): string {
  return editOriginal(lines);
}

/** applyOriginal(lines) after the change: the five statements of the function at applyFunctionLine(). */
export function applyExpected(lines: number): string {
  const first = applyFunctionLine(lines) + 1;
  return Array.from({ length: lines }, (_, i) => (i >= first && i < first + 5 ? applyChangedLine(i) : editLine(i))).join('');
}

/** The text of the changed lines only (what the change adds to the file). */
export function applyChangedText(lines: number): string {
  const first = applyFunctionLine(lines) + 1;
  return Array.from({ length: 5 }, (_, k) => applyChangedLine(first + k)).join('');
}

/**
 * The chat answer that carries the change, as chat answers do:
 * 'exact': a unified diff of the five lines (tier 1); 'anchored': the whole function, changed (tier 2);
 * 'model': the changed statements alone, with nothing of the file around them to place them by (tier 3).
 */
export function applyAnswer(lines: number, shape: ApplyShape): string {
  const fn = applyFunctionLine(lines);
  const body = Array.from({ length: 5 }, (_, k) => fn + 1 + k);
  let block: string;
  if (shape === 'exact') {
    block = [
      '```diff',
      '--- a/apply-bench.ts',
      '+++ b/apply-bench.ts',
      `@@ -${fn + 1},7 +${fn + 1},7 @@`,
      ` ${editLine(fn).trimEnd()}`,
      ...body.map((i) => `-${editLine(i).trimEnd()}`),
      ...body.map((i) => `+${applyChangedLine(i).trimEnd()}`),
      ` ${editLine(fn + 6).trimEnd()}`,
      '```',
    ].join('\n');
  } else if (shape === 'anchored') {
    block = ['```typescript', editLine(fn).trimEnd(), ...body.map((i) => applyChangedLine(i).trimEnd()), editLine(fn + 6).trimEnd(), '```'].join('\n');
  } else {
    block = ['```typescript', ...body.map((i) => applyChangedLine(i).trimEnd()), '```'].join('\n');
  }
  return `Here is the change to \`compute${fn}\`:\n\n${block}\n\nThe other functions stay as they are.\n`;
}

/**
 * The model-merge answer of the 'model' shape, written as the merge request's rules ask: the changed
 * lines with one unchanged line around them, as one SEARCH/REPLACE block.
 */
export function applyMergeAnswer(lines: number): string {
  const fn = applyFunctionLine(lines);
  const body = Array.from({ length: 5 }, (_, k) => fn + 1 + k);
  return [
    '<<<<<<< SEARCH',
    editLine(fn).trimEnd(),
    ...body.map((i) => editLine(i).trimEnd()),
    editLine(fn + 6).trimEnd(),
    '=======',
    editLine(fn).trimEnd(),
    ...body.map((i) => applyChangedLine(i).trimEnd()),
    editLine(fn + 6).trimEnd(),
    '>>>>>>> REPLACE',
    '',
  ].join('\n');
}
