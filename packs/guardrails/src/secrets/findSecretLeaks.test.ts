import { describe, expect, it } from 'vitest';
import { findSecretLeaks } from './findSecretLeaks.js';
import { TOKEN_SAMPLES } from './tokenSamples.fixture.js';

const secret = 'hunter2-very-secret-value';
const containsSecret = (value: string): boolean => value.includes(secret);

describe('findSecretLeaks', () => {
  it('finds known secret values and token formats anywhere, with paths', () => {
    const report = findSecretLeaks(
      { log: [`connected with ${secret}`], auth: { header: TOKEN_SAMPLES.bearer_token } },
      { containsSecret },
    );
    expect(report.leaks).toEqual([
      { kind: 'known_secret', path: '$.log[0]', isKey: false },
      { kind: 'bearer_token', path: '$.auth.header', isKey: false },
    ]);
    expect(report.incomplete).toBe(false);
  });

  it('finds secrets in keys and numbers, and never prints a leaky key in a path', () => {
    const report = findSecretLeaks({ [TOKEN_SAMPLES.github_token]: { pin: 482913 } }, { containsSecret: (v) => v.includes('482913') });
    expect(report.leaks).toEqual([
      { kind: 'github_token', path: '$', isKey: true },
      { kind: 'known_secret', path: '$[*].pin', isKey: false },
    ]);
  });

  it('checks only known secrets when formats is empty', () => {
    expect(findSecretLeaks([TOKEN_SAMPLES.jwt], { formats: [], containsSecret }).leaks).toEqual([]);
  });

  it('says when part of the payload was too deep to scan', () => {
    expect(findSecretLeaks([[[['x']]]], { maxDepth: 2 }).incomplete).toBe(true);
  });

  it('stops after the limit', () => {
    const many = Array.from({ length: 100 }, () => secret);
    expect(findSecretLeaks(many, { containsSecret, limit: 3 }).leaks).toHaveLength(3);
  });
});
