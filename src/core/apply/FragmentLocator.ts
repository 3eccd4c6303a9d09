import { isDistinctive, shorten } from './CodeLines';
import { walkOutline, type OutlineItem } from './Outline';
import type { ModelReasonCode } from './types';

/** Where a fragment goes: the file's list of siblings, and one fragment item found in it (for indentation). */
export interface FragmentPlace {
  readonly ok: true;
  readonly siblings: readonly OutlineItem[];
  readonly located: { readonly fragment: OutlineItem; readonly file: OutlineItem };
}

export interface FragmentNotPlaced {
  readonly ok: false;
  readonly code: ModelReasonCode;
  readonly reason: string;
}

interface Located {
  readonly item: OutlineItem;
  readonly siblings: readonly OutlineItem[];
}

/**
 * The list of file siblings a fragment's top-level units belong to. Each unit is looked up in the whole
 * file by its head line (exact, trimmed), then by its declaration's signature; a unit found in two places
 * is ambiguous and nothing is guessed. Units with a distinctive head or a signature decide; only when none
 * is found do weak ones (braces, keywords) decide. The units found must be siblings in the file.
 */
export function locateFragment(file: readonly string[], fileItems: readonly OutlineItem[], units: readonly OutlineItem[]): FragmentPlace | FragmentNotPlaced {
  const byKey = new Map<string, Located[]>();
  const bySignature = new Map<string, Located[]>();
  walkOutline(fileItems, (item, siblings) => {
    if (item.kind !== 'unit') return;
    push(byKey, item.key, { item, siblings });
    if (item.signature) push(bySignature, item.signature, { item, siblings });
  });

  const strong: { fragment: OutlineItem; at: Located }[] = [];
  const weak: { fragment: OutlineItem; at: Located }[] = [];
  const ambiguous: { fragment: OutlineItem; count: number; lines: number[]; bySignature: boolean }[] = [];
  let weakRepeated: { fragment: OutlineItem; count: number } | undefined;
  for (const unit of units) {
    let found = byKey.get(unit.key) ?? [];
    const bySignatureOnly = found.length === 0 && !!unit.signature;
    if (bySignatureOnly) found = bySignature.get(unit.signature!) ?? [];
    if (found.length === 1) {
      (isDistinctive(unit.key) || unit.signature ? strong : weak).push({ fragment: unit, at: found[0]! });
    } else if (found.length > 1 && (isDistinctive(unit.key) || unit.signature)) {
      ambiguous.push({ fragment: unit, count: found.length, lines: found.map((l) => l.item.head + 1), bySignature: bySignatureOnly });
    } else if (!isDistinctive(unit.key)) {
      // Closing lines are parts of items, not items: count the file's lines that read the same.
      const count = Math.max(found.length, file.filter((line) => line.trim() === unit.key).length);
      if (count > 1) weakRepeated ??= { fragment: unit, count };
    }
  }
  const located = strong.length > 0 ? strong : weak;
  if (located.length === 0) {
    const first = ambiguous[0];
    if (first) {
      const what = first.bySignature ? `"${first.fragment.signature}" matches ${first.count} declarations` : `"${shorten(first.fragment.key)}" is in the file ${first.count} times`;
      return notPlaced('ambiguous', `${what} (lines ${listLines(first.lines)}); the block does not say which one it changes.`);
    }
    if (weakRepeated) {
      return notPlaced('ambiguous', `The block's only lines found in the file are like "${shorten(weakRepeated.fragment.key)}", which is in ${weakRepeated.count} places.`);
    }
    return notPlaced('newCode', 'No line of the block identifies a place in the file: it looks like new code.');
  }
  const siblings = located[0]!.at.siblings;
  if (located.some((l) => l.at.siblings !== siblings)) {
    return notPlaced('unrecognized', 'The parts of the block belong to different places of the file.');
  }
  if (ambiguous.length > 0 && strong.length === 0) {
    return notPlaced('ambiguous', `"${shorten(ambiguous[0]!.fragment.key)}" is in the file ${ambiguous[0]!.count} times.`);
  }
  return { ok: true, siblings, located: { fragment: located[0]!.fragment, file: located[0]!.at.item } };
}

function notPlaced(code: ModelReasonCode, reason: string): FragmentNotPlaced {
  return { ok: false, code, reason };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function listLines(lines: readonly number[]): string {
  return lines.length > 5 ? `${lines.slice(0, 5).join(', ')}, ...` : lines.join(', ');
}
