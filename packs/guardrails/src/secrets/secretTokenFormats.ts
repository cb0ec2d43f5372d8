/** A recognisable credential format. Patterns are global; `isValid` weeds out look-alikes. */
export interface SecretTokenFormat {
  readonly id: string;
  readonly description: string;
  readonly pattern: RegExp;
  /** Literal text every match contains: a cheap `includes` check before the pattern runs. */
  readonly markers: readonly string[];
  readonly isValid?: (match: string) => boolean;
}

const hasDigit = (s: string): boolean => /\d/.test(s);
const hasMixedCase = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s);

/** Real keys are random: digits and both letter cases. Prose like "sk-learn-tutorial-series" is not. */
const looksRandom = (s: string): boolean => hasDigit(s) && hasMixedCase(s);

function decodesToJsonObject(segment: string): boolean {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function isJwt(token: string): boolean {
  const [header, payload] = token.split('.');
  return header !== undefined && payload !== undefined && decodesToJsonObject(header) && decodesToJsonObject(payload);
}

export const SECRET_TOKEN_FORMATS = [
  {
    id: 'private_key',
    description: 'PEM / OpenSSH / PGP private key block (the header alone is enough)',
    markers: ['PRIVATE KEY'],
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
  },
  {
    id: 'aws_access_key_id',
    description: 'AWS access key id (AKIA…, ASIA…, …)',
    markers: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AIPA', 'ANPA', 'ANVA', 'APKA', 'AROA', 'ASCA'],
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  {
    id: 'github_token',
    description: 'GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)',
    markers: ['gh', 'github_pat_'],
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,251})(?![A-Za-z0-9_])/g,
  },
  {
    id: 'gitlab_token',
    description: 'GitLab personal access token (glpat-)',
    markers: ['glpat-'],
    pattern: /(?<![A-Za-z0-9_\-])glpat-[A-Za-z0-9_\-]{20,}/g,
  },
  {
    id: 'slack_token',
    description: 'Slack token (xoxb-, xoxp-, xoxa-, xoxe-, …)',
    markers: ['xox'],
    pattern: /(?<![A-Za-z0-9_\-])xox[abeoprs]-[A-Za-z0-9\-]{10,}/g,
    isValid: (match: string) => hasDigit(match.slice(5)),
  },
  {
    id: 'google_api_key',
    description: 'Google API key (AIza…)',
    markers: ['AIza'],
    pattern: /(?<![A-Za-z0-9_\-])AIza[0-9A-Za-z_\-]{35}(?![A-Za-z0-9_\-])/g,
  },
  {
    id: 'openai_style_key',
    description: 'OpenAI-style secret key (sk-…, sk-proj-…, sk-ant-…)',
    markers: ['sk-'],
    pattern: /(?<![A-Za-z0-9_\-])sk-[A-Za-z0-9_\-]{20,}/g,
    isValid: (match: string) => looksRandom(match.slice(3)),
  },
  {
    id: 'stripe_key',
    description: 'Stripe secret or restricted key (sk_live_, rk_test_, …)',
    markers: ['k_live_', 'k_test_'],
    pattern: /(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g,
  },
  {
    id: 'jwt',
    description: 'JSON Web Token (header.payload.signature, base64url JSON)',
    markers: ['eyJ'],
    pattern: /(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*/g,
    isValid: isJwt,
  },
  {
    id: 'bearer_token',
    description: 'HTTP "Bearer <token>" credential',
    markers: ['Bearer', 'bearer', 'BEARER'],
    pattern: /\b(?:Bearer|bearer|BEARER)[ \t]+[A-Za-z0-9\-._~+/]{16,}=*/g,
    isValid: (match: string) => hasDigit(match.slice(7)) && /[A-Za-z]/.test(match.slice(7)),
  },
] as const satisfies readonly SecretTokenFormat[];

export type SecretTokenFormatId = (typeof SECRET_TOKEN_FORMATS)[number]['id'];
export const SECRET_TOKEN_FORMAT_IDS: readonly SecretTokenFormatId[] = SECRET_TOKEN_FORMATS.map((f) => f.id);
