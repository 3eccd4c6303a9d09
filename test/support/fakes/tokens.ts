/**
 * Splits text into token-like pieces (a word with its leading whitespace, or a run of punctuation), so
 * streams look like a model's output. Joining the pieces gives the text back exactly. The one splitter
 * of the tests, the loopback server and the demo endpoint.
 */
export function splitIntoTokens(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}_]+|\s*[^\s\p{L}\p{N}_]+|\s+/gu) ?? [];
}
