import { useState } from 'preact/hooks';
import type { PrincipalInfo } from '@troupe/client';
import { createInspectorClient } from '../session.js';
import { ErrorBox } from './ErrorBox.js';

/** Asks for a token once; it is checked with GET /v1/whoami before it is kept. */
export function Login({ onLogin, problem }: { onLogin: (token: string, principal: PrincipalInfo) => void; problem?: unknown }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(problem);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const client = createInspectorClient(token.trim());
    try {
      onLogin(token.trim(), await client.rest.whoami());
    } catch (failure) {
      setError(failure);
    } finally {
      client.close();
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <h1>Troupe inspector</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label for="token">Access token</label>
        <input id="token" name="token" type="password" autocomplete="off" required value={token} onInput={(event) => setToken((event.currentTarget as HTMLInputElement).value)} />
        <button type="submit" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
      </form>
      <p class="muted">The token is kept in this tab's session storage only.</p>
      {error ? <ErrorBox error={error} /> : null}
    </main>
  );
}
