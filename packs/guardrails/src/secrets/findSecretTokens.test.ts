import { describe, expect, it } from 'vitest';
import { findSecretTokens } from './findSecretTokens.js';
import { TOKEN_SAMPLES } from './tokenSamples.fixture.js';

const formats = (text: string): string[] => findSecretTokens(text).map((m) => m.format);

describe('findSecretTokens', () => {
  it.each([
    ['private_key', TOKEN_SAMPLES.private_key],
    ['aws_access_key_id', TOKEN_SAMPLES.aws_access_key_id],
    ['github_token', TOKEN_SAMPLES.github_token],
    ['github_token', TOKEN_SAMPLES.github_fine_grained],
    ['gitlab_token', TOKEN_SAMPLES.gitlab_token],
    ['slack_token', TOKEN_SAMPLES.slack_token],
    ['google_api_key', TOKEN_SAMPLES.google_api_key],
    ['openai_style_key', TOKEN_SAMPLES.openai_style_key],
    ['stripe_key', TOKEN_SAMPLES.stripe_key],
    ['jwt', TOKEN_SAMPLES.jwt],
    ['bearer_token', TOKEN_SAMPLES.bearer_token],
  ])('recognises a %s', (format, sample) => {
    expect(formats(`config: "${sample}" end`)).toEqual([format]);
  });

  it('reports where the token is, not what it is', () => {
    const text = `key=${TOKEN_SAMPLES.aws_access_key_id};`;
    expect(findSecretTokens(text)).toEqual([{ format: 'aws_access_key_id', start: 4, end: 24 }]);
  });

  it('only looks for the formats asked for', () => {
    expect(findSecretTokens(`${TOKEN_SAMPLES.jwt} ${TOKEN_SAMPLES.github_token}`, ['jwt']).map((m) => m.format)).toEqual(['jwt']);
  });

  it.each([
    ['a public key block', '-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----'],
    ['prose about bearer tokens', 'Send a Bearer token in the Authorization header; Bearer YOUR_ACCESS_TOKEN_HERE'],
    ['a hyphenated word after sk-', 'see sk-learn-tutorial-for-beginners-guide'],
    ['base64 that is not a JWT', 'eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.xyz'],
    ['a UUID and a git sha', '550e8400-e29b-41d4-a716-446655440000 3f786850e387550fdab836ed7e6dc881de23001b'],
    ['an AWS-looking word inside a longer token', 'XAKIAIOSFODNN7EXAMPLE1'],
    ['a placeholder GitHub token', 'ghp_xxxx'],
  ])('ignores %s', (_what, text) => {
    expect(formats(text)).toEqual([]);
  });
});
