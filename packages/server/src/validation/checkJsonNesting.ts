import { TroupeError } from '@troupe/sdk';

/**
 * Deepest nesting a request body or a websocket frame may have: room for the
 * engine's largest payload depth (100) inside a request's own fields. Checked
 * on the text, before JSON.parse, so no recursive step (schema checks, the
 * scrubber, the store) ever sees a deeper value.
 */
export const MAX_JSON_NESTING = 128;

/** Refuses JSON text nesting deeper than MAX_JSON_NESTING with E_PAYLOAD_TOO_LARGE (one pass over the characters). */
export function checkJsonNesting(text: string, subject: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > MAX_JSON_NESTING) {
        throw new TroupeError('E_PAYLOAD_TOO_LARGE', { subject, reason: `it nests deeper than ${MAX_JSON_NESTING} levels`, maxBytes: text.length, maxDepth: MAX_JSON_NESTING });
      }
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
}
