import { useEffect, useState } from 'preact/hooks';
import { isTroupeError } from '@troupe/sdk';
import type { PrincipalInfo, StreamState } from '@troupe/client';
import { onLinkClick, usePath } from '../router.js';
import { createInspectorClient, storedToken, storeToken, type Session } from '../session.js';
import { ErrorBox } from './ErrorBox.js';
import { Login } from './Login.js';
import { RunPage } from './RunPage.js';
import { RunsList } from './RunsList.js';
import { StartupReport } from './StartupReport.js';

type Auth = { phase: 'checking' } | { phase: 'login'; problem?: unknown } | { phase: 'in'; session: Session } | { phase: 'failed'; error: unknown };

const CONNECTION_LABEL: Record<StreamState, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

export function App() {
  const [auth, setAuth] = useState<Auth>({ phase: 'checking' });
  const [connection, setConnection] = useState<StreamState>('idle');
  const path = usePath();

  const signIn = (token: string | undefined, principal: PrincipalInfo): void => {
    storeToken(token);
    setAuth({ phase: 'in', session: { client: createInspectorClient(token, setConnection), principal } });
  };

  // A kept token (or none, on a loopback server without tokens) is tried first.
  useEffect(() => {
    const token = storedToken();
    const probe = createInspectorClient(token);
    probe.rest
      .whoami()
      .then((principal) => signIn(token, principal))
      .catch((error: unknown) => {
        if (isTroupeError(error, 'E_UNAUTHORIZED')) {
          storeToken(undefined);
          setAuth({ phase: 'login', ...(token !== undefined ? { problem: error } : {}) });
        } else setAuth({ phase: 'failed', error });
      })
      .finally(() => probe.close());
  }, []);

  useEffect(() => () => (auth.phase === 'in' ? auth.session.client.close() : undefined), [auth]);

  if (auth.phase === 'checking') return <p class="muted pad">Loading…</p>;
  if (auth.phase === 'failed') return <main class="pad"><ErrorBox title="Cannot reach the server" error={auth.error} /></main>;
  if (auth.phase === 'login') return <Login onLogin={signIn} problem={auth.problem} />;

  const { session } = auth;
  const signOut = (): void => {
    storeToken(undefined);
    session.client.close();
    setAuth({ phase: 'login' });
  };
  const runMatch = /^\/runs\/([^/]+)$/.exec(path);
  return (
    <>
      <header class="top">
        <nav aria-label="Main">
          <a href="/" onClick={onLinkClick} aria-current={path === '/' ? 'page' : undefined}>
            Runs
          </a>
          <a href="/report" onClick={onLinkClick} aria-current={path === '/report' ? 'page' : undefined}>
            Startup report
          </a>
        </nav>
        <span class={`connection conn-${connection}`} role="status" data-testid="connection">
          {CONNECTION_LABEL[connection]}
        </span>
        <span class="who">
          {session.principal.name} <span class="muted">({session.principal.scopes.join(', ')})</span>
        </span>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      {runMatch ? (
        <RunPage key={runMatch[1]} session={session} runId={decodeURIComponent(runMatch[1]!)} />
      ) : path === '/report' ? (
        <StartupReport session={session} />
      ) : path === '/' ? (
        <RunsList session={session} />
      ) : (
        <main class="pad">
          <p>Nothing here. <a href="/" onClick={onLinkClick}>Back to the runs</a></p>
        </main>
      )}
    </>
  );
}
