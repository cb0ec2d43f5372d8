import { TroupeError } from '@troupe/sdk';
import type { PrincipalInfo, Scope } from '@troupe/client';

/** Who is calling: a configured token, or the local user when no token is configured (loopback only). */
export class Principal {
  readonly scopes: ReadonlySet<Scope>;
  /** undefined: every conversation. */
  readonly conversationIds: ReadonlySet<string> | undefined;

  constructor(
    readonly name: string,
    scopes: readonly Scope[],
    conversationIds?: readonly string[],
  ) {
    this.scopes = new Set(scopes);
    this.conversationIds = conversationIds ? new Set(conversationIds) : undefined;
  }

  /** `admin` implies every other scope. */
  has(scope: Scope): boolean {
    return this.scopes.has(scope) || this.scopes.has('admin');
  }

  /** Throws E_FORBIDDEN unless the principal has the scope. */
  require(scope: Scope, action: string): void {
    if (!this.has(scope)) throw new TroupeError('E_FORBIDDEN', { action, scope });
  }

  /** A restricted token sees only runs of its conversations; runs without one are outside them. */
  mayAccessConversation(conversationId: string | undefined): boolean {
    if (this.conversationIds === undefined) return true;
    return conversationId !== undefined && this.conversationIds.has(conversationId);
  }

  requireConversation(conversationId: string | undefined, action: string): void {
    if (!this.mayAccessConversation(conversationId)) {
      throw new TroupeError('E_FORBIDDEN', { action, scope: conversationId === undefined ? 'a conversation id' : `conversation ${conversationId}` });
    }
  }

  get restricted(): boolean {
    return this.conversationIds !== undefined;
  }

  toInfo(): PrincipalInfo {
    return {
      name: this.name,
      scopes: [...this.scopes],
      ...(this.conversationIds ? { conversationIds: [...this.conversationIds] } : {}),
    };
  }
}
