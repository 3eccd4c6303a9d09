/**
 * "Keep what is there" markers that models write instead of unchanged code: `// ... existing code ...`,
 * `# ... rest unchanged ...`, `/* ... *\/`, `<!-- ... -->`, `{/* ... other fields ... *\/}`,
 * `// (rest of the file unchanged)`, in any comment syntax.
 */

const COMMENT = /^(?:\/\/+|#+|\/\*+|<!--|--|;+|%+|\{\s*\/\*+|\*)\s*(.*?)\s*(?:\*+\/\s*\}?|-->)?$/;

const NOUN =
  '(code|file|imports?|methods?|functions?|fields?|propert(y|ies)|logic|implementation|content|styles?|rules?|tests?|' +
  'config(uration)?|props|members|routes|handlers|cases|keys|entries|dependencies|declarations|definitions|setup|body|' +
  'class|module|component|struct|object|helpers?|exports?|types?|constants?|variables?|stuff|lines?)';

/** Phrases that, in a short comment, say "code elided here" even without an ellipsis. */
const ELISION = new RegExp(
  [
    `\\bexisting ${NOUN}\\b`,
    `\\brest of (the |this )?(${NOUN}|\\w+'s ${NOUN})\\b`,
    `\\b(rest|everything else|remaining( ${NOUN})?|other ${NOUN}|${NOUN})( \\w+)? (is |are )?(unchanged|omitted|as (is|before)|stays?( the same)?|remains?( (the )?(same|unchanged))?)\\b`,
    `\\bsame as (before|above|original|previous|the original)\\b`,
    `\\bkeeps? (the )?(rest|existing|remaining)\\b`,
    `^unchanged\\b`,
  ].join('|'),
  'i',
);
/** A comment longer than this many words is prose, not a marker (unless it is an ellipsis). */
const MAX_MARKER_WORDS = 10;

/**
 * True when a line is an elision marker. A comment counts when it starts with an ellipsis ("...",
 * "…"), ends with one after words like "other" or "rest", or says so in a few words ("existing code",
 * "rest of the file unchanged"). A bare `...` line (Python's Ellipsis, a common elision in answers) counts only when the
 * file itself has no such line, because then it cannot be code copied from the file.
 */
export function isExistingCodeMarker(line: string, fileHasBareEllipsis = false): boolean {
  const t = line.trim();
  if (t === '...' || t === '…' || t === '. . .') return !fileHasBareEllipsis;
  const comment = COMMENT.exec(t);
  if (!comment) return false;
  const body = comment[1]!.replace(/^[([]|[)\]]$/g, '').trim();
  if (!body) return false;
  if (/^(\.{3,}|…)/.test(body)) return true;
  if (body.split(/\s+/).length > MAX_MARKER_WORDS) return false;
  // "Loading..." is a real comment; "other handlers..." or "etc..." is an elision.
  if (/(\.{3,}|…)$/.test(body) && /\b(more|etc|other|rest|remaining|same|existing|unchanged)\b/i.test(body)) return true;
  return ELISION.test(body);
}

/** True when some line of the file is a bare ellipsis (so such a line in a block may be real code). */
export function hasBareEllipsis(lines: readonly string[]): boolean {
  return lines.some((line) => {
    const t = line.trim();
    return t === '...' || t === '…';
  });
}
