/**
 * Credential-shaped samples for tests, assembled at run time so the sources
 * never contain a literal that secret scanners would report.
 */
const b64url = (json: object): string => Buffer.from(JSON.stringify(json)).toString('base64url');

export const TOKEN_SAMPLES = {
  private_key: ['-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'].join(''),
  aws_access_key_id: ['AK', 'IA', 'Z3X9Q2W7E5R1T8Y4'].join(''),
  github_token: ['gh', 'p_', 'a1B2c3D4e5F6'.repeat(3)].join(''),
  github_fine_grained: ['github', '_pat_', '11ABCDEFG0', 'aB3dE5gH7jK9'.repeat(6)].join(''),
  gitlab_token: ['gl', 'pat-', 'x1Y2z3W4v5U6t7S8r9Q0'].join(''),
  slack_token: ['xo', 'xb-', '1234567890-0987654321-AbCdEfGhIjKl'].join(''),
  google_api_key: ['AI', 'za', 'Sy', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'].join(''),
  openai_style_key: ['s', 'k-', 'proj-', 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0'].join(''),
  stripe_key: ['sk', '_live_', '4eC39HqLyjWDarjtT1zdp7dc'].join(''),
  jwt: [b64url({ alg: 'HS256', typ: 'JWT' }), b64url({ sub: '42', iat: 1700000000 }), 'c2lnbmF0dXJlLXNpZ25hdHVyZQ'].join('.'),
  bearer_token: ['Authorization: Bear', 'er ', 'f3a9c1d27b8e4a60b5d2'].join(''),
} as const;
