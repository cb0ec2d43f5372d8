import fc from 'fast-check';
import { ibanRemainder } from './pii/isValidIban.js';

/** Arbitraries of valid personal data, in the forms the detectors document. */

const digit = fc.constantFrom(...'0123456789');
const digits = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: digit, minLength: min, maxLength: max });
const lowerAlnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');

export const emailArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ unit: lowerAlnum, minLength: 1, maxLength: 12 }),
    fc.option(fc.tuple(fc.constantFrom('.', '_', '+', '-', '%'), fc.string({ unit: lowerAlnum, minLength: 1, maxLength: 8 }))),
    fc.array(fc.string({ unit: lowerAlnum, minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 3 }),
    fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 2, maxLength: 6 }),
    fc.boolean(),
  )
  .map(([local, extra, labels, tld, upper]) => {
    const address = `${local}${extra === null ? '' : extra.join('')}@${labels.join('.')}.${tld}`;
    return upper ? address.toUpperCase() : address;
  });

function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Positions counted from the right of the full number (check digit at 0).
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function groupBy4(value: string, separator: string): string {
  return value.match(/.{1,4}/g)?.join(separator) ?? value;
}

export const cardArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('4', '51', '55', '2221', '34', '37', '6011', '65', '35', '36'),
    fc.integer({ min: 13, max: 19 }),
    digits(19, 19),
    fc.constantFrom('', ' ', '-'),
  )
  .map(([prefix, length, filler, separator]) => {
    const body = (prefix + filler).slice(0, length - 1);
    const number = body + luhnCheckDigit(body);
    return separator === '' ? number : groupBy4(number, separator);
  });

const IBAN_COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['DE', 22], ['GB', 22], ['FR', 27], ['NL', 18], ['ES', 24], ['IT', 27], ['BE', 16], ['CH', 21],
  ['NO', 15], ['PL', 28], ['MT', 31], ['LC', 32], ['SE', 24], ['AT', 20],
];

export const ibanArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...IBAN_COUNTRIES),
    fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 30, maxLength: 30 }),
    fc.boolean(),
  )
  .map(([[country, length], filler, printed]) => {
    const bban = filler.slice(0, length - 4);
    const check = String(98 - ibanRemainder(`${country}00${bban}`)).padStart(2, '0');
    const compact = `${country}${check}${bban}`;
    return printed ? groupBy4(compact, ' ') : compact;
  });

const internationalPhone = fc
  .tuple(
    fc.integer({ min: 1, max: 999 }),
    fc.array(digits(2, 4), { minLength: 2, maxLength: 5 }),
    fc.constantFrom(' ', '-', '.'),
  )
  .filter(([cc, groups]) => {
    const n = String(cc).length + groups.join('').length;
    return n >= 8 && n <= 15;
  })
  .map(([cc, groups, separator]) => `+${cc}${separator}${groups.join(separator)}`);

const northAmericanPhone = fc
  .tuple(digits(3, 3), digits(3, 3), digits(4, 4), fc.integer({ min: 0, max: 2 }))
  .map(([area, exchange, line, style]) =>
    style === 0 ? `(${area}) ${exchange}-${line}` : style === 1 ? `${area}-${exchange}-${line}` : `${area}.${exchange}.${line}`,
  );

const trunkPhone = fc
  .tuple(digits(1, 4), fc.array(digits(2, 4), { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', '-', '.'))
  .filter(([area, groups]) => {
    const n = 1 + area.length + groups.join('').length;
    return n >= 9 && n <= 12;
  })
  .map(([area, groups, separator]) => `0${area}${separator}${groups.join(separator)}`);

export const phoneArb: fc.Arbitrary<string> = fc.oneof(internationalPhone, northAmericanPhone, trunkPhone);

export const piiValueArb = fc.oneof(
  emailArb.map((value) => ({ kind: 'email', value })),
  cardArb.map((value) => ({ kind: 'card', value })),
  ibanArb.map((value) => ({ kind: 'iban', value })),
  phoneArb.map((value) => ({ kind: 'phone', value })),
);

/**
 * Delimiters a value is written between in prose, JSON-ish text and lists. A
 * bare space is not among them: after random digits it would make the value
 * one more group of a longer run of figures, which is deliberately not PII.
 */
export const beforeArb = fc.constantFrom('\n', '(', '"', ': ', '\t', '<', ', ', 'call ');
export const afterArb = fc.constantFrom(', ', '; ', '\n', ')', '" ', '>', '! ');

/** Strings built from the characters the detectors care about, so random text often almost matches. */
export const trickyTextArb = fc.string({ unit: fc.constantFrom(...'0123456789 -.+()@aAbZ:_/\n'), maxLength: 80 });
