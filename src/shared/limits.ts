/**
 * Size limits of what the chat and the commands accept, shared by the host and the chat view so both
 * refuse the same things with the same words, before anything is cleared or sent. They stay far below
 * what the webview protocol accepts (protocol.ts, 10 million characters per text), so every question
 * and attachment that passes here also crosses the protocol and loads again from the stored history.
 */

/** The longest question or prompt, in characters (about 50,000 tokens). */
export const MAX_PROMPT_CHARS = 200_000;

/** The longest attachment (Add Selection to Chat), in characters. */
export const MAX_ATTACHMENT_CHARS = 200_000;

/** How many attachments one question may carry. */
export const MAX_ATTACHMENTS = 10;

/** `12,345` in any locale the tests run in. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Why a question of `length` characters is refused, or undefined when it is not. */
export function promptTooLong(length: number): string | undefined {
  if (length <= MAX_PROMPT_CHARS) return undefined;
  return `This prompt is ${formatCount(length)} characters; Token Stream takes at most ${formatCount(MAX_PROMPT_CHARS)}. Shorten it, or attach the code with "Add Selection to Chat" and ask about it.`;
}
