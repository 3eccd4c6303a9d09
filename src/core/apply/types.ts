/**
 * Results of applying a chat code block to a file. Pure types: no VS Code, no model.
 *
 * Line numbers are 0-based and refer to the ORIGINAL file. A region replaces the original lines
 * [startLine, endLine) (endLine exclusive) with `replacementLines`; startLine === endLine is a pure
 * insertion before line startLine, an empty `replacementLines` a pure deletion. Regions are sorted,
 * do not overlap, and are the only places where `newText` differs from the original: applying them to
 * the original gives `newText` exactly.
 */

export interface ApplyRegion {
  /** First replaced line of the original file (0-based). */
  readonly startLine: number;
  /** Line after the last replaced line of the original file (0-based, exclusive). */
  readonly endLine: number;
  /** The lines that take their place, without line terminators. */
  readonly replacementLines: readonly string[];
}

/** How the block was applied without a model. */
export type LocalTier = 'exact' | 'anchored';

/** Tiers 1-2: the block was applied without a model. */
export interface LocalApplyResult {
  /**
   * 'exact': a unified diff, SEARCH/REPLACE blocks, or a whole file, matched line for line.
   * 'anchored': a fragment (a function, a class, a method, with or without "... existing code ..."
   * markers) placed by its signature and structure.
   */
  readonly tier: LocalTier;
  /** The whole new file text (line endings and a missing final newline kept from the original). */
  readonly newText: string;
  /** Where the file changes (empty when the block changes nothing). */
  readonly regions: readonly ApplyRegion[];
  /** Time the resolution took, when a clock was given. */
  readonly elapsedMs?: number;
}

/**
 * Why tiers 1-2 did not apply the block. 'ambiguous' means it fits more than one place (never guessed);
 * 'notFound' means a diff hunk or SEARCH text is not in the file; 'newCode' means the block is code
 * that matches nowhere in the file (a new function: where it goes is the model's call);
 * 'otherFile' means the block names a different file; 'unbalanced' means the placed fragment would
 * break the file's bracket structure; 'malformed' means a diff or SEARCH/REPLACE block that cannot be
 * parsed; 'unrecognized' covers everything else (for example a partial edit with no usable anchor).
 */
export type ModelReasonCode =
  | 'ambiguous'
  | 'notFound'
  | 'newCode'
  | 'otherFile'
  | 'unbalanced'
  | 'malformed'
  | 'empty'
  | 'unrecognized';

/** Tier 3: the block needs the model to merge it. */
export interface ModelApplyResult {
  readonly tier: 'model';
  readonly code: ModelReasonCode;
  /** One sentence for the log and the chat ("The fragment fits 2 places: lines 12 and 40."). */
  readonly reason: string;
  readonly elapsedMs?: number;
}

export type ApplyResolution = LocalApplyResult | ModelApplyResult;

/** Why a set of edits (diff hunks, SEARCH/REPLACE blocks) could not be applied. */
export interface EditFailure {
  readonly code: 'notFound' | 'ambiguous' | 'overlap' | 'empty';
  /** Which hunk or block (0-based) failed. */
  readonly index: number;
  readonly message: string;
}

export type EditOutcome =
  | { readonly ok: true; readonly newText: string; readonly regions: readonly ApplyRegion[] }
  | { readonly ok: false; readonly failure: EditFailure };
