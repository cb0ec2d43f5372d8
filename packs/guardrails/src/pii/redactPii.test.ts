import { describe, expect, it } from 'vitest';
import { redactPiiInText } from './redactPii.js';

describe('redactPiiInText', () => {
  it('replaces each value with a stable placeholder and counts them', () => {
    const result = redactPiiInText('a@b.io and c@d.io paid 4111 1111 1111 1111 from DE89370400440532013000, +1 555 123 4567');
    expect(result.text).toBe(
      '[REDACTED:email] and [REDACTED:email] paid [REDACTED:card] from [REDACTED:iban], [REDACTED:phone]',
    );
    expect(result.counts).toEqual({ email: 2, card: 1, iban: 1, phone: 1 });
  });

  it('is a fixed point: redacting the result again changes nothing', () => {
    const once = redactPiiInText('x@y.zz 020 7946 0958').text;
    expect(redactPiiInText(once)).toEqual({ text: once, counts: {} });
  });

  it('leaves version strings, timestamps and UUIDs alone', () => {
    const text = 'v1.2.3 at 2024-01-15T10:30:00Z id 550e8400-e29b-41d4-a716-446655440000 ts 1700000000000';
    expect(redactPiiInText(text)).toEqual({ text, counts: {} });
  });

  it('replaces a string whole when each pass uncovers one more value', () => {
    // Glued numbers: each "+" is preceded by a digit until its neighbour is redacted.
    expect(redactPiiInText('+4412345678'.repeat(3)).text).toBe('[REDACTED:phone]'.repeat(3));
    const glued = redactPiiInText('+4412345678'.repeat(50));
    expect(glued.text).toBe('[REDACTED:text]');
    expect(glued.counts.text).toBe(1);
    expect(redactPiiInText(glued.text).text).toBe(glued.text);
  });
});

