import { createHash, timingSafeEqual } from 'node:crypto';
import { TroupeError, type ServerToken } from '@troupe/sdk';
import { Principal } from './Principal.js';

const HASH_PREFIX = 'sha256:';

/** `sha256:<hex>`: how a token is written in server.tokens[].hash. */
export function hashToken(token: string): string {
  return HASH_PREFIX + createHash('sha256').update(token, 'utf8').digest('hex');
}

interface StoredToken {
  readonly digest: Buffer;
  readonly principal: Principal;
}

/**
 * Checks bearer tokens against server.tokens. Only sha256 digests are kept in
 * memory (plain `token` entries are hashed at load); a presented token is
 * hashed and compared with every stored digest in constant time, so neither
 * the match nor its position leaks through timing.
 */
export class TokenAuthenticator {
  private readonly tokens: readonly StoredToken[];
  /** The principal used when no token is configured (loopback binds only). */
  static readonly local = new Principal('local', ['admin']);

  constructor(tokens: readonly ServerToken[] = []) {
    this.tokens = tokens.map((entry, index) => {
      const hash = entry.hash ?? (entry.token !== undefined ? hashToken(entry.token) : undefined);
      if (hash === undefined || !/^sha256:[0-9a-f]{64}$/.test(hash)) {
        throw new TroupeError('E_CONFIG_INVALID', {
          file: 'server.tokens',
          problems: [`/server/tokens/${index}: needs "hash" (sha256:<64 hex>) or "token"`],
        });
      }
      return {
        digest: Buffer.from(hash.slice(HASH_PREFIX.length), 'hex'),
        principal: new Principal(entry.name, entry.scopes, entry.conversationIds),
      };
    });
  }

  /** True when tokens are configured, so every request must carry one. */
  get enabled(): boolean {
    return this.tokens.length > 0;
  }

  /** The principal for a presented token, or undefined when it matches none. */
  authenticate(token: string | undefined): Principal | undefined {
    if (token === undefined || token.length === 0 || token.length > 4096) return undefined;
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let found: Principal | undefined;
    for (const stored of this.tokens) {
      // No early exit: every digest is compared.
      if (timingSafeEqual(stored.digest, digest) && found === undefined) found = stored.principal;
    }
    return found;
  }
}
