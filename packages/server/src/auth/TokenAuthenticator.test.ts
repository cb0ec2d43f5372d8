import { describe, expect, it } from 'vitest';
import { TokenAuthenticator, hashToken } from './TokenAuthenticator.js';

describe('TokenAuthenticator', () => {
  const auth = new TokenAuthenticator([
    { name: 'ci', token: 'plain-token-0123456789', scopes: ['read', 'start'] },
    { name: 'ops', hash: hashToken('hashed-token-0123456789'), scopes: ['admin'] },
    { name: 'chat', token: 'chat-token-0123456789', scopes: ['read'], conversationIds: ['c1'] },
  ]);

  it('hashes tokens as sha256:<hex>', () => {
    expect(hashToken('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('finds the principal of a plain or a hashed token and nothing for others', () => {
    expect(auth.enabled).toBe(true);
    expect(auth.authenticate('plain-token-0123456789')?.name).toBe('ci');
    expect(auth.authenticate('hashed-token-0123456789')?.name).toBe('ops');
    expect(auth.authenticate('plain-token-012345678')).toBeUndefined();
    expect(auth.authenticate('')).toBeUndefined();
    expect(auth.authenticate(undefined)).toBeUndefined();
    expect(auth.authenticate('x'.repeat(10_000))).toBeUndefined();
  });

  it('gives principals their scopes (admin implies all) and conversation restrictions', () => {
    const ci = auth.authenticate('plain-token-0123456789')!;
    expect([ci.has('read'), ci.has('start'), ci.has('answer')]).toEqual([true, true, false]);
    expect(() => ci.require('answer', 'answer human tasks')).toThrow(expect.objectContaining({ code: 'E_FORBIDDEN', message: 'The token may not answer human tasks' }));
    const ops = auth.authenticate('hashed-token-0123456789')!;
    expect([ops.has('read'), ops.has('start'), ops.has('answer'), ops.has('admin')]).toEqual([true, true, true, true]);
    const chat = auth.authenticate('chat-token-0123456789')!;
    expect([chat.restricted, chat.mayAccessConversation('c1'), chat.mayAccessConversation('c2'), chat.mayAccessConversation(undefined)]).toEqual([true, true, false, false]);
    expect(ci.mayAccessConversation(undefined)).toBe(true);
  });

  it('without tokens is disabled: the server falls back to local access', () => {
    expect(new TokenAuthenticator().enabled).toBe(false);
    expect(TokenAuthenticator.local.has('admin')).toBe(true);
  });
});
