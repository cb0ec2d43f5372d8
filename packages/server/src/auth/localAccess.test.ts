import { describe, expect, it } from 'vitest';
import { checkLocalRequest, isLoopbackHost } from './localAccess.js';

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['app.localhost', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
    ['example.com', false],
    ['localhost.example.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('checkLocalRequest', () => {
  it('accepts loopback hosts and origins, and requests without an origin', () => {
    expect(() => checkLocalRequest({ host: '127.0.0.1:7373' })).not.toThrow();
    expect(() => checkLocalRequest({ host: '[::1]:7373', origin: 'http://localhost:3000' })).not.toThrow();
  });

  it('refuses DNS-rebound hosts and foreign or opaque origins with E_FORBIDDEN', () => {
    expect(() => checkLocalRequest({ host: 'attacker.example:7373' })).toThrow(expect.objectContaining({ code: 'E_FORBIDDEN' }));
    expect(() => checkLocalRequest({ host: '127.0.0.1:7373', origin: 'https://attacker.example' })).toThrow(expect.objectContaining({ code: 'E_FORBIDDEN' }));
    expect(() => checkLocalRequest({ host: '127.0.0.1:7373', origin: 'null' })).toThrow(expect.objectContaining({ code: 'E_FORBIDDEN' }));
  });
});
