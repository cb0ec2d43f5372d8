import { describe, expect, it } from 'vitest';
import { guardrailContext } from '../guardrailContext.fixture.js';
import { TOKEN_SAMPLES } from '../secrets/tokenSamples.fixture.js';
import { createSecretsBlockGuardrail } from './secretsBlockGuardrail.js';

const secret = 'pa55-w0rd-of-the-db';

describe('secrets.block', () => {
  const { id, payload: spec } = createSecretsBlockGuardrail();
  const ctx = guardrailContext({ secrets: [secret] });

  it('blocks a known secret value without repeating it', async () => {
    expect(id).toBe('secrets.block');
    const decision = await spec.evaluateOutput!({ stdout: `connecting with ${secret}` }, ctx);
    expect(decision).toEqual({ action: 'block', reasonCode: 'secret_leak', message: 'Found a known secret value at $.stdout' });
    expect(JSON.stringify(decision)).not.toContain(secret);
  });

  it('blocks credential-shaped tokens in input, output and chunks', async () => {
    expect(await spec.evaluateInput!([TOKEN_SAMPLES.private_key], ctx)).toMatchObject({ action: 'block', message: 'Found private_key at $[0]' });
    expect(await spec.evaluateChunk!(`token ${TOKEN_SAMPLES.github_token}`, ctx)).toMatchObject({ action: 'block' });
  });

  it('allows a clean payload', async () => {
    expect(await spec.evaluateOutput!({ ok: true, text: 'nothing to see' }, ctx)).toEqual({ action: 'allow' });
  });

  it('fails closed on a payload too deep to scan', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(await spec.evaluateOutput!(deep, ctx)).toMatchObject({ action: 'block', reasonCode: 'payload_too_deep' });
  });

  it('can skip known secrets or formats and ask for approval instead of blocking', async () => {
    const tokensOnly = createSecretsBlockGuardrail({ knownSecrets: false, action: 'require_approval' }).payload;
    expect(await tokensOnly.evaluateOutput!(secret, ctx)).toEqual({ action: 'allow' });
    expect(await tokensOnly.evaluateOutput!(TOKEN_SAMPLES.jwt, ctx)).toMatchObject({ action: 'require_approval', reasonCode: 'secret_leak' });
    const knownOnly = createSecretsBlockGuardrail({ formats: [] }).payload;
    expect(await knownOnly.evaluateOutput!(TOKEN_SAMPLES.jwt, ctx)).toEqual({ action: 'allow' });
  });
});
