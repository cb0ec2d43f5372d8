import { describe, expect, it } from 'vitest';
import { findEmails } from './findEmails.js';

const values = (text: string): string[] => findEmails(text).map((m) => m.value);

describe('findEmails', () => {
  it('finds addresses with sub-addresses, subdomains and in punctuation', () => {
    expect(values('Write to jane.doe+news@mail.example.co.uk, or <ops@example.com>.')).toEqual([
      'jane.doe+news@mail.example.co.uk',
      'ops@example.com',
    ]);
    expect(values('mailto:ALICE_B@Example.ORG')).toEqual(['ALICE_B@Example.ORG']);
  });

  it('reports offsets into the text', () => {
    const [match] = findEmails('id: a@b.io');
    expect(match).toEqual({ kind: 'email', start: 4, end: 10, value: 'a@b.io' });
  });

  it('ignores handles, decorators, scoped packages and addresses without a top-level label', () => {
    expect(values('@troupe/sdk and @Injectable() and user@localhost and @mention')).toEqual([]);
    expect(values('git@github.com:org/repo.git')).toEqual(['git@github.com']);
    expect(values('npm i pkg@1.2.3')).toEqual([]);
  });

  it('stays fast on long runs without a domain', () => {
    const text = `${'a'.repeat(200_000)}@${'b'.repeat(200_000)}`;
    expect(values(text)).toEqual([]);
  });
});
