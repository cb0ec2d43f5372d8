// IBAN lengths per country (ISO 13616 registry). A country missing here is
// still accepted when its length is within the standard's 15–34 bounds.
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15,
  PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19,
  SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** The ISO 7064 mod-97 remainder of an IBAN (rearranged, letters as 10–35). 1 means valid. */
export function ibanRemainder(compactIban: string): number {
  const rearranged = compactIban.slice(4) + compactIban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    // Digits add one decimal place, letters (A=10 … Z=35) add two.
    if (c >= 48 && c <= 57) remainder = (remainder * 10 + (c - 48)) % 97;
    else remainder = (remainder * 100 + (c - 55)) % 97;
  }
  return remainder;
}

/**
 * True for a well-formed IBAN (spaces allowed, any letter case): country code,
 * two check digits, the country's length, and the ISO 13616 mod-97 check.
 */
export function isValidIban(candidate: string): boolean {
  const compact = candidate.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const expected = IBAN_LENGTHS[compact.slice(0, 2)];
  if (expected !== undefined && compact.length !== expected) return false;
  return ibanRemainder(compact) === 1;
}
