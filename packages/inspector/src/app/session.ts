import { TroupeClient, type PrincipalInfo, type StreamState } from '@troupe/client';

const TOKEN_KEY = 'troupe.inspector.token';

/** The token lives in session storage: gone with the tab, never in a URL or a log. */
export function storedToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function storeToken(token: string | undefined): void {
  if (token === undefined) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/** A client of the server that served this page (same origin, same auth). */
export function createInspectorClient(token: string | undefined, onState?: (state: StreamState) => void): TroupeClient {
  return new TroupeClient({ url: location.origin, ...(token !== undefined ? { token } : {}), ...(onState ? { onState } : {}) });
}

/** A signed-in page: the client it talks through and who the token is. */
export interface Session {
  readonly client: TroupeClient;
  readonly principal: PrincipalInfo;
}

export type Scope = 'read' | 'start' | 'answer';

/** True when the principal's scopes allow the action (admin allows all). */
export function can(principal: PrincipalInfo, scope: Scope): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(scope);
}
