import { randomBytes } from 'node:crypto';

/**
 * Characters a terminal acts on instead of printing: C0 controls but tab and
 * newline (ESC starts colour, cursor and title sequences, CR overwrites a
 * line, BEL rings), DEL, C1 controls (U+009B is a one-byte CSI), the Unicode
 * line/paragraph separators and the bidirectional overrides and isolates
 * (which reorder what is shown).
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `\u001b` for ESC and so on: visible, unambiguous, and still valid inside a JSON string. */
function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Every terminal control character of `text` shown as a `\uXXXX` escape. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeChar);
}

/*
 * The CLI's own terminal sequences (the live progress view moves the cursor
 * and clears lines) must pass the escaping that every written string goes
 * through. They are wrapped in markers with a per-process random nonce, which
 * text from a run, a pack or a user cannot know to forge.
 */
const nonce = randomBytes(8).toString('hex');
const OPEN = `\u0000${nonce}<`;
const CLOSE = `>${nonce}\u0000`;

/** A terminal sequence of the CLI itself, let through by escapeTerminalText. */
export function terminalControl(sequence: string): string {
  return `${OPEN}${sequence}${CLOSE}`;
}

/** Escapes control characters in `text`, except the sequences made by terminalControl. */
export function escapeTerminalText(text: string): string {
  if (!text.includes(OPEN)) return escapeControls(text);
  let result = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf(OPEN, from);
    const close = open === -1 ? -1 : text.indexOf(CLOSE, open + OPEN.length);
    if (close === -1) break;
    result += escapeControls(text.slice(from, open)) + text.slice(open + OPEN.length, close);
    from = close + CLOSE.length;
  }
  return result + escapeControls(text.slice(from));
}
