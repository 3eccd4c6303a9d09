/**
 * The bench table: one row spec per figure. A row names its figure, the unit of its judged value, the
 * target (a bound and a direction, from which both the target's text and its predicate are made, so the
 * two cannot drift apart), where its judged value comes from, and the cells shown beside it.
 *
 * To add a figure: record its samples in bench/host/index.ts under a key, add a spec to ROWS, say in
 * BENCHMARKS.md ("How each figure is taken") what it measures.
 */

/** Everything the extension host and the runner recorded, by key (see bench/host/index.ts). */
export type Raw = Record<string, unknown>;

export interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stat(values: readonly number[] | undefined): Stat | undefined {
  const v = (values ?? []).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

/** `median[unit] [min-max]`, or 'not measured'. */
export function fmt(s: Stat | undefined, unit: string, digits = 1): string {
  if (!s) return 'not measured';
  const f = (x: number): string => x.toFixed(digits);
  return s.n > 1 ? `${f(s.median)}${unit} [${f(s.min)}-${f(s.max)}]` : `${f(s.median)}${unit}`;
}

/** Typed reads of the raw record. */
export class Recorded {
  constructor(private readonly raw: Raw) {}

  private entry(key: string): Record<string, unknown> | undefined {
    const e = this.raw[key];
    return typeof e === 'object' && e !== null && !Array.isArray(e) ? (e as Record<string, unknown>) : undefined;
  }

  /** The samples recorded under `key` (its `values`, or another numeric list `field` of the same entry). */
  values(key: string, field = 'values'): number[] {
    const v = this.entry(key)?.[field];
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  }

  stat(key: string, field?: string): Stat | undefined {
    return stat(this.values(key, field));
  }

  /** A single number recorded under `key` (or its `field`). */
  number(key: string, field?: string): number | undefined {
    const v = field === undefined ? this.raw[key] : this.entry(key)?.[field];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }

  /** A boolean recorded in `key`'s entry. */
  flag(key: string, field: string): boolean {
    return this.entry(key)?.[field] === true;
  }

  /** A list of records recorded under `key` (runs of a step). */
  runs<T>(key: string, field = 'runs'): T[] {
    const v = field === '' ? this.raw[key] : this.entry(key)?.[field];
    return Array.isArray(v) ? (v as T[]) : [];
  }

  /** Why `key` has no samples (its recorded error, or that nothing was recorded), or undefined. */
  missing(key: string): string | undefined {
    const e = this.entry(key);
    if (typeof e?.error === 'string') return e.error;
    if (!e || this.values(key).length === 0) return `no samples (${key})`;
    return undefined;
  }
}

/** A bound on a row's judged value. The target's text and its predicate are both made from it. */
export interface Target {
  readonly at: 'most' | 'least';
  readonly bound: number;
  /** Words after the bound (e.g. 'added'). */
  readonly note?: string;
}

export const atMost = (bound: number, note?: string): Target => ({ at: 'most', bound, note });
export const atLeast = (bound: number, note?: string): Target => ({ at: 'least', bound, note });

export function targetText(t: Target, unit: string): string {
  return `${t.at === 'most' ? '<=' : '>='} ${t.bound}${unit}${t.note ? ` ${t.note}` : ''}`;
}

export function meets(t: Target, value: number): boolean {
  return t.at === 'most' ? value <= t.bound : value >= t.bound;
}

export interface RowSpec {
  readonly figure: string;
  /** Unit of the judged value, as printed after a number: ' ms', 'x', '/s', ' MB'. */
  readonly unit: string;
  readonly target: Target;
  /** Keys of the samples the row needs; the first one missing is the reason it is not measured. */
  readonly keys: readonly string[];
  /** The judged value: by default the samples of keys[0]. */
  readonly value?: (s: Recorded) => Stat | undefined;
  /** Cells; 'ours' defaults to the judged value, the others to '-'. */
  readonly ours?: (s: Recorded, value: Stat | undefined) => string;
  readonly limit?: (s: Recorded) => string;
  readonly ratio?: (s: Recorded, value: Stat | undefined) => string;
  /** Digits of the judged value where it is printed (default 1). */
  readonly digits?: number;
}

export interface Row {
  figure: string;
  ours: string;
  limit: string;
  ratio: string;
  target: string;
  met: 'yes' | 'no' | 'n/a';
  measured: boolean;
  reason?: string;
  median?: number;
}

/** One stat of the ratio of two medians (its range is not meaningful: the two sets are not paired). */
function ratioOfMedians(a: Stat | undefined, b: Stat | undefined): Stat | undefined {
  return a && b && b.median > 0 ? stat([a.median / b.median]) : undefined;
}

/** The one of two figures with the larger median (a row judged on the worse of two cases). */
function larger(a: Stat | undefined, b: Stat | undefined): Stat | undefined {
  return a && b ? (a.median >= b.median ? a : b) : undefined;
}

/** The medians of `key` at the three answer sizes of the scaling figure: quarter, half, full. */
function sizes(s: Recorded, key: string): [number, number, number] | undefined {
  const [q, h, f] = ['Quarter', 'Half', 'Full'].map((size) => s.stat(`${key}${size}`)?.median);
  return q !== undefined && h !== undefined && f !== undefined && q > 0 && h > 0 ? [q, h, f] : undefined;
}

/** The larger of the two ratios per doubling of the answer (half / quarter, full / half): linear work stays at or below 2. */
function worstDoubling(s: Recorded, key: string): Stat | undefined {
  const m = sizes(s, key);
  return m ? stat([Math.max(m[1] / m[0], m[2] / m[1])]) : undefined;
}

function doublings(s: Recorded, key: string): string {
  const m = sizes(s, key);
  return m ? `${(m[1] / m[0]).toFixed(2)}x, ${(m[2] / m[1]).toFixed(2)}x` : '?';
}

/**
 * (full - half) / (half - quarter): what the second doubling adds over what the first added. A cost that
 * does not depend on the answer's length cancels out (it lowers the plain ratios): linear work gives 2,
 * quadratic 4. Noisy when the answers are short (a smoke run).
 */
function growth(s: Recorded, key: string): string {
  const m = sizes(s, key);
  return m && m[1] > m[0] ? `${((m[2] - m[1]) / (m[1] - m[0])).toFixed(2)}x` : '?';
}

const capitalized = (word: string): string => word[0].toUpperCase() + word.slice(1);
const kChars = (s: Recorded, size: string): string => `${((s.number('chatSizes', size) ?? NaN) / 1000).toFixed(1).replace(/\.0$/, '')}k`;

export const ROWS: readonly RowSpec[] = [
  {
    figure: 'added first-token latency, editor',
    unit: ' ms',
    digits: 2,
    target: atMost(2, 'added'),
    keys: ['editorFirstTokenAdded'],
    ours: (s, v) =>
      `${fmt(s.stat('editorFirstTokenOurs'), ' ms', 2)} (added ${fmt(v, ' ms', 2)}); command -> first char ` +
      `${fmt(s.stat('editorCommandToFirstChar'), ' ms', 0)} (direct writer ${fmt(s.stat('editorCommandToFirstCharFloor'), ' ms', 0)})`,
    limit: (s) =>
      `bare SDK ${fmt(s.stat('editorFirstTokenBare'), ' ms', 2)}; platform edit round trip ${fmt(s.stat('editRoundTripMs'), ' ms', 2)}; ` +
      `direct writer ${fmt(s.stat('editorFirstTokenFloor'), ' ms', 2)}`,
  },
  {
    figure: 'burst throughput, editor',
    unit: 'x',
    digits: 2,
    target: atMost(1.5),
    keys: ['editorBurstRatio'],
    ours: (s) => `${fmt(s.stat('editorBurstOursMs'), ' ms', 0)} (${fmt(s.stat('editorEdits'), ' edits', 0)})`,
    limit: (s) => `bare SDK ${fmt(s.stat('editorBurstBareMs'), ' ms', 0)}; direct writer ${fmt(s.stat('editorBurstFloorMs'), ' ms', 0)} (${fmt(s.stat('editorFloorEdits'), ' edits', 0)})`,
    ratio: (_s, v) => fmt(v, 'x', 2),
  },
  {
    figure: 'edits per second, paced stream',
    unit: '/s',
    target: atMost(65),
    keys: ['editorPacedEditsPerSecond'],
    ours: (s, v) =>
      `${fmt(v, '/s', 1)} (${fmt(s.stat('editorPacedEdits'), ' edits', 0)} in ${fmt(s.stat('editorPacedSpanMs'), ' ms', 0)}; ` +
      `median gap ${fmt(s.stat('editorPacedMedianGapMs'), ' ms', 1)})`,
    limit: (s) => `frame cap 62.5/s; direct writer (no cap) ${fmt(s.stat('editorPacedFloorEditsPerSecond'), '/s', 1)}`,
  },
  {
    figure: 'large-file penalty',
    unit: 'x',
    digits: 2,
    target: atMost(1.2),
    keys: ['largeFilePenalty'],
    ours: (s) => `20k lines ${fmt(s.stat('largeFileLargeMs'), ' ms', 0)}`,
    limit: (s) => `empty ${fmt(s.stat('largeFileEmptyMs'), ' ms', 0)}; direct writer's own penalty ${fmt(s.stat('largeFileFloorPenalty'), 'x', 2)}`,
    ratio: (_s, v) => fmt(v, 'x', 2),
  },
  {
    figure: 'extension-host CPU, editor burst',
    unit: 'x',
    digits: 2,
    target: atMost(1.5),
    keys: ['editorCpuRatio'],
    ours: (s) => fmt(s.stat('editorCpuOursMs'), ' ms', 0),
    limit: (s) => `bare SDK ${fmt(s.stat('editorCpuBareMs'), ' ms', 0)}; direct writer ${fmt(s.stat('editorCpuFloorMs'), ' ms', 0)}`,
    ratio: (_s, v) => fmt(v, 'x', 2),
  },
  {
    figure: 'extension-host CPU, editor burst, Generate at Cursor',
    unit: 'x',
    digits: 2,
    target: atMost(1.5),
    keys: ['editorCursorCpuRatio'],
    ours: (s) => fmt(s.stat('editorCursorCpuMs'), ' ms', 0),
    limit: (s) => `bare SDK ${fmt(s.stat('editorCpuBareMs'), ' ms', 0)} (the same repetitions)`,
    ratio: (_s, v) => fmt(v, 'x', 2),
  },
  {
    // Edit Selection: a 2,000-line selection, one line changed near the end, paced and as a burst.
    figure: 'Edit Selection: extension-host CPU vs Generate at Cursor',
    unit: 'x',
    digits: 2,
    target: atMost(1.2),
    keys: ['editSelectionPacedCpuRatio', 'editSelectionBurstCpuRatio'],
    value: (s) => larger(s.stat('editSelectionPacedCpuRatio'), s.stat('editSelectionBurstCpuRatio')),
    ours: (s) => `1,000 tok/s ${fmt(s.stat('editSelectionPacedCpuMs'), ' ms', 0)}; burst ${fmt(s.stat('editSelectionBurstCpuMs'), ' ms', 0)}`,
    limit: (s) => `Generate at Cursor, same streams: ${fmt(s.stat('editSelectionPacedCursorCpuMs'), ' ms', 0)}; ${fmt(s.stat('editSelectionBurstCursorCpuMs'), ' ms', 0)}`,
    ratio: (s) => `1,000 tok/s ${fmt(s.stat('editSelectionPacedCpuRatio'), 'x', 2)}; burst ${fmt(s.stat('editSelectionBurstCpuRatio'), 'x', 2)}`,
  },
  {
    figure: 'Edit Selection: edits touching unchanged lines',
    unit: '',
    digits: 0,
    target: atMost(0),
    keys: ['editSelectionPacedTouched', 'editSelectionBurstTouched'],
    // Judged on the worst run: any touching edit in any run misses.
    value: (s) => {
      const runs = [...s.values('editSelectionPacedTouched'), ...s.values('editSelectionBurstTouched')];
      return runs.length > 0 ? stat([Math.max(...runs)]) : undefined;
    },
    ours: (s) => `1,000 tok/s ${fmt(s.stat('editSelectionPacedTouched'), '', 0)}; burst ${fmt(s.stat('editSelectionBurstTouched'), '', 0)} (of ${fmt(s.stat('editSelectionPacedEdits'), '', 0)}; ${fmt(s.stat('editSelectionBurstEdits'), '', 0)} edits)`,
  },
  {
    figure: 'Edit Selection: edits per second, 1,000 tok/s',
    unit: '/s',
    target: atMost(60),
    keys: ['editSelectionPacedEditsPerSecond'],
    limit: () => 'frame cap 62.5/s',
  },
  {
    figure: 'Edit Selection: final diff after the last token',
    unit: ' ms',
    target: atMost(16),
    keys: ['editSelectionPacedFinalMs', 'editSelectionBurstFinalMs'],
    value: (s) => larger(s.stat('editSelectionPacedFinalMs'), s.stat('editSelectionBurstFinalMs')),
    ours: (s) =>
      `1,000 tok/s ${fmt(s.stat('editSelectionPacedFinalMs'), ' ms', 1)}; burst ${fmt(s.stat('editSelectionBurstFinalMs'), ' ms', 1)} ` +
      `(last document change ${fmt(s.stat('editSelectionPacedLastEditMs'), ' ms', 1)}; ${fmt(s.stat('editSelectionBurstLastEditMs'), ' ms', 1)})`,
    limit: (s) =>
      `Generate at Cursor of the same stream, last byte -> its last character in the document: 1,000 tok/s ${fmt(s.stat('editSelectionPacedCursorLastMs'), ' ms', 1)}; ` +
      `burst ${fmt(s.stat('editSelectionBurstCursorLastMs'), ' ms', 1)}`,
  },
  {
    // Apply: a 5-line change in a 1,000-line file; tiers 1-2 place it without a model.
    figure: 'Apply without a model: click -> diff on screen',
    unit: ' ms',
    target: atMost(100),
    keys: ['applyExactDiffMs', 'applyAnchoredDiffMs'],
    value: (s) => larger(s.stat('applyExactDiffMs'), s.stat('applyAnchoredDiffMs')),
    ours: (s) => `unified diff ${fmt(s.stat('applyExactDiffMs'), ' ms', 1)}; changed function ${fmt(s.stat('applyAnchoredDiffMs'), ' ms', 1)}`,
    limit: (s) => `by the model (the changed lines alone, merged) ${fmt(s.stat('applyModelDiffMs'), ' ms', 1)}`,
  },
  {
    figure: 'Apply: edits touching lines outside the change',
    unit: '',
    digits: 0,
    target: atMost(0),
    keys: ['applyExactTouched', 'applyAnchoredTouched', 'applyModelTouched'],
    // Judged on the worst run of any tier.
    value: (s) => {
      const runs = ['Exact', 'Anchored', 'Model'].flatMap((tier) => s.values(`apply${tier}Touched`));
      return runs.length > 0 ? stat([Math.max(...runs)]) : undefined;
    },
    ours: (s) =>
      `diff ${fmt(s.stat('applyExactTouched'), '', 0)}; function ${fmt(s.stat('applyAnchoredTouched'), '', 0)}; model ${fmt(s.stat('applyModelTouched'), '', 0)} ` +
      `(of ${fmt(s.stat('applyExactEdits'), '', 0)}; ${fmt(s.stat('applyAnchoredEdits'), '', 0)}; ${fmt(s.stat('applyModelEdits'), '', 0)} edits)`,
  },
  {
    figure: 'Apply by the model: output asked for vs changed lines',
    unit: 'x',
    digits: 2,
    target: atMost(3),
    keys: ['applyModelOutputRatio'],
    ours: (s) => `${fmt(s.stat('applyModelOutputTokens'), ' tokens', 0)} (SEARCH/REPLACE, one line of context)`,
    limit: (s) => `the five new lines ${fmt(s.stat('applyModelChangedTokens'), ' tokens', 0)}; a whole-file rewrite ${fmt(s.stat('applyModelWholeFileTokens'), ' tokens', 0)}`,
    ratio: (_s, v) => fmt(v, 'x', 2),
  },
  {
    figure: 'cancel latency, in the host (command)',
    unit: ' ms',
    digits: 2,
    target: atMost(5),
    keys: ['cancelLatency'],
    limit: (s) => `bare abort() ${fmt(s.stat('cancelLatencyBare'), ' ms', 2)}`,
  },
  {
    figure: 'cancel, Escape in the editor',
    unit: ' ms',
    target: atMost(30),
    keys: ['cancelEscape'],
    ours: (_s, v) => `${fmt(v, ' ms', 1)} key down -> socket closed`,
    limit: (s) => `in-host command ${fmt(s.stat('cancelLatency'), ' ms', 2)}`,
  },
  {
    figure: "cancel, the chat's Stop button",
    unit: ' ms',
    target: atMost(30),
    keys: ['cancelChatStop'],
    ours: (_s, v) => `${fmt(v, ' ms', 1)} pointer down -> socket closed`,
    limit: () => 'peer, same measure: Continue 30.5 ms, Twinny ~37 ms',
  },
  {
    // Everything the chat does per answer, on the renderer's main thread: linear work doubles per doubling.
    figure: 'chat render scaling, renderer main thread',
    unit: 'x',
    digits: 2,
    target: atMost(2.2, 'per doubling'),
    keys: ['chatRendererCpuFull', 'chatRendererCpuHalf', 'chatRendererCpuQuarter'],
    value: (s) => worstDoubling(s, 'chatRendererCpu'),
    ours: (s) =>
      `main-thread CPU ${['full', 'half', 'quarter'].map((size) => `${kChars(s, size)} ${fmt(s.stat(`chatRendererCpu${capitalized(size)}`), ' ms', 0)}`).join(', ')}; ` +
      `growth of the increment ${growth(s, 'chatRendererCpu')} (2 linear, 4 quadratic)`,
    limit: (s) =>
      `per doubling: main-thread task time ${doublings(s, 'chatRendererTask')}; the chat's own callbacks ${doublings(s, 'chatScript')}; ` +
      `idle renderer ${s.number('chatRendererIdle', 'threadCpuMs')?.toFixed(0) ?? '?'} ms CPU in ${s.number('chatRendererIdle', 'wallMs')?.toFixed(0) ?? '?'} ms`,
    ratio: (s) => `${doublings(s, 'chatRendererCpu')} (of medians)`,
  },
  {
    figure: 'chat vs full re-render',
    unit: 'x',
    target: atLeast(10),
    keys: ['chatVsFullRender'],
    ours: (s) => `incremental ${fmt(stat(s.runs<{ oursMs: number }>('chatReplayRuns', '').map((x) => x.oursMs)), ' ms', 0)}`,
    limit: (s) => {
      const runs = s.runs<{ fullMs: number; capped: boolean }>('chatReplayRuns', '');
      return `full re-render ${fmt(stat(runs.map((x) => x.fullMs)), ' ms', 0)}${runs.some((x) => x.capped) ? ' (capped: lower bound)' : ''}`;
    },
    ratio: (s, v) => `${s.runs<{ capped: boolean }>('chatReplayRuns', '').some((x) => x.capped) ? '>= ' : ''}${fmt(v, 'x', 1)}`,
  },
  {
    figure: 'longest webview frame',
    unit: ' ms',
    target: atMost(50),
    keys: ['chatLongestFrame'],
    ours: (s, v) =>
      `${fmt(v, ' ms', 1)} frame gap; longest task ${fmt(s.stat('chatLongestFrame', 'longestTask'), ' ms', 1)} (any), ` +
      `${fmt(s.stat('chatLongestFrame', 'longestOwnTask'), ' ms', 1)} (chat's own)`,
  },
  {
    // What the host spends on us before a first command can run: loading the bundle and activate().
    figure: 'activation: require() + activate()',
    unit: ' ms',
    target: atMost(20),
    keys: ['activation'],
    ours: (s, v) => {
      const load = s.number('activation', 'loadMs');
      const call = s.number('activation', 'activateCallMs');
      const own = s.number('activation', 'activateSelfMs');
      const copy = s.number('activation', 'coldCopyRequireMs');
      const early = s.flag('activation', 'activatedBeforeStep') ? ' (the host had activated it before the step: see the notes)' : '';
      return (
        `${fmt(v, ' ms', 0)}: require() ${load?.toFixed(0) ?? '?'} ms (a cold copy ${copy?.toFixed(0) ?? '?'} ms) + ` +
        `activate() ${call?.toFixed(0) ?? '?'} ms (its body ${own?.toFixed(1) ?? '?'} ms)${early}`
      );
    },
    limit: (s) => {
      const whole = s.number('activation', 'hostActivateMs');
      const empty = s.number('activation', 'emptyHostActivateMs');
      const dev = s.number('bundleSize', 'dev');
      const prod = s.number('bundleSize', 'production');
      return (
        `Extension.activate() end to end ${whole?.toFixed(0) ?? '?'} ms, an empty extension's ${empty?.toFixed(0) ?? '?'} ms; ` +
        `dist/extension.js ${dev !== undefined ? (dev / 1024).toFixed(0) : '?'} KiB dev${prod !== undefined ? `, ${(prod / 1024).toFixed(0)} KiB --production` : ''}`
      );
    },
  },
  {
    figure: 'memory (heap delta)',
    unit: ' MB',
    digits: 2,
    target: atMost(20),
    keys: ['memoryWithDocumentMB'],
    ours: (s, v) => `${fmt(v, ' MB', 2)} doc open; ${fmt(s.stat('memoryAfterCloseMB'), ' MB', 2)} closed`,
  },
  {
    figure: 'chat first text',
    unit: ' ms',
    target: atMost(20),
    keys: ['chatFirstText'],
    limit: () => 'peer 38-77 ms',
  },
  {
    figure: 'chat keeps pace',
    unit: 'x',
    digits: 3,
    target: atMost(1.2),
    keys: ['chatKeepPace'],
    limit: () => 'peer 47x (296 s for a 6.25 s stream)',
    ratio: (_s, v) => fmt(v, 'x', 3),
  },
  {
    figure: 'chat keeps pace, reasoning + answer',
    unit: 'x',
    digits: 3,
    target: atMost(1.2),
    keys: ['chatReasoningKeepPace'],
    ours: (_s, v) => `${fmt(v, 'x', 3)} (half reasoning into the Thinking block, then the answer)`,
    limit: (s) => `answers alone ${fmt(s.stat('chatKeepPace'), 'x', 3)}`,
    ratio: (_s, v) => fmt(v, 'x', 3),
  },
  {
    // Continue a cut answer: the click -> the first continued text, over a fresh question's Send -> first text.
    figure: 'Continue: click -> first continued text',
    unit: ' ms',
    target: atMost(16.7, "over a fresh question's (one frame)"),
    keys: ['chatContinueAddedMs'],
    ours: (s, v) =>
      `${fmt(s.stat('chatContinueMs'), ' ms', 1)} (added ${fmt(v, ' ms', 1)}); its marks continue -> first-continued-chunk ${fmt(s.stat('chatContinueMarksMs'), ' ms', 1)}`,
    limit: (s) =>
      `a fresh question, Send -> first text ${fmt(s.stat('chatContinueFreshMs'), ' ms', 1)}; ` +
      `click -> request at the server: Continue ${fmt(s.stat('chatContinueToServerMs'), ' ms', 1)}, Send ${fmt(s.stat('chatContinueFreshToServerMs'), ' ms', 1)}`,
  },
  {
    figure: 'chat burst',
    unit: ' ms',
    digits: 0,
    target: atMost(2000),
    keys: ['chatBurstMs'],
    limit: () => 'peer: 15k of 61k chars after 120 s',
  },
  {
    figure: 'chat extension-host CPU',
    unit: 'x',
    digits: 2,
    target: atMost(2),
    keys: ['chatCpuOursMs', 'chatCpuBareMs'],
    value: (s) => ratioOfMedians(s.stat('chatCpuOursMs'), s.stat('chatCpuBareMs')),
    ours: (s) => fmt(s.stat('chatCpuOursMs'), ' ms', 0),
    limit: (s) => `bare SDK ${fmt(s.stat('chatCpuBareMs'), ' ms', 0)}; peer 35-43 s`,
    ratio: (_s, v) => (v ? `${v.median.toFixed(2)}x (of medians)` : 'not measured'),
  },
];

export function buildRows(raw: Raw, specs: readonly RowSpec[] = ROWS): Row[] {
  const s = new Recorded(raw);
  return specs.map((spec) => {
    const value = spec.value ? spec.value(s) : s.stat(spec.keys[0]);
    const missing = spec.keys.map((k) => s.missing(k)).find((why) => why !== undefined);
    const digits = spec.digits ?? 1;
    const row: Row = {
      figure: spec.figure,
      ours: spec.ours ? spec.ours(s, value) : fmt(value, spec.unit, digits),
      limit: spec.limit?.(s) ?? '-',
      ratio: spec.ratio?.(s, value) ?? '-',
      target: targetText(spec.target, spec.unit),
      measured: value !== undefined,
      met: value === undefined ? 'n/a' : meets(spec.target, value.median) ? 'yes' : 'no',
    };
    if (value !== undefined) row.median = value.median;
    if (value === undefined) row.reason = missing ?? 'not measured';
    else if (missing) row.reason = `partial: ${missing}`;
    return row;
  });
}

export function table(rows: readonly Row[]): string {
  const head = ['figure', 'ours', 'limit / peer', 'ratio', 'target', 'met?'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const met = r.measured ? r.met : `not measured: ${r.reason ?? ''}`;
    lines.push(`| ${[r.figure, r.ours, r.limit, r.ratio, r.target, met].join(' | ').replace(/\n/g, ' ')} |`);
  }
  return lines.join('\n');
}
