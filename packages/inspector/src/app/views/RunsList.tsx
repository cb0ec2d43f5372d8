import { useEffect, useRef, useState } from 'preact/hooks';
import type { JsonValue, RunStatus, RunSummary, WorkflowDefinition } from '@troupe/sdk';
import type { ListRunsQuery } from '@troupe/client';
import { navigate, onLinkClick } from '../router.js';
import { can } from '../session.js';
import type { Session } from '../session.js';
import { ErrorBox } from './ErrorBox.js';
import { StatusBadge } from './StatusBadge.js';

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'awaiting_input', 'paused', 'completed', 'failed', 'cancelled'];
const PAGE_SIZE = 25;

/** Newest runs first, filtered by status and workflow, paged by cursor, kept current by the stream. */
export function RunsList({ session }: { session: Session }) {
  const { client } = session;
  const [status, setStatus] = useState('');
  const [definitionId, setDefinitionId] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [definitions, setDefinitions] = useState<readonly WorkflowDefinition[]>([]);
  const [error, setError] = useState<unknown>();
  const [loaded, setLoaded] = useState(false);
  const [reloads, setReloads] = useState(0);
  const known = useRef(new Set<string>());

  useEffect(() => {
    client.rest.definitions().then(setDefinitions, setError);
  }, []);

  useEffect(() => {
    let current = true;
    const query: ListRunsQuery = {
      order: 'desc',
      limit: PAGE_SIZE,
      ...(status ? { status: [status as RunStatus] } : {}),
      ...(definitionId ? { definitionId } : {}),
      ...(cursors.length > 0 ? { cursor: cursors[cursors.length - 1]! } : {}),
    };
    client.rest.listRuns(query).then(
      (page) => {
        if (!current) return;
        setRuns([...page.runs]);
        known.current = new Set(page.runs.map((run) => run.runId));
        setNextCursor(page.nextCursor);
        setError(undefined);
        setLoaded(true);
      },
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [status, definitionId, cursors, reloads]);

  // Live: status changes update rows in place; a run this page does not show yet reloads the first page (coalesced).
  const firstPage = cursors.length === 0;
  const liveState = useRef({ firstPage, timer: 0 as ReturnType<typeof setTimeout> | 0 });
  liveState.current.firstPage = firstPage;
  useEffect(() => {
    let stopped = false;
    let unsubscribe: (() => void) | undefined;
    void (async () => {
      try {
        const subscription = await client.subscribe({ all: true, events: false });
        unsubscribe = () => void subscription.unsubscribe();
        if (stopped) unsubscribe();
        // Runs that changed between the first read and the subscription: read the page again.
        setReloads((count) => count + 1);
        for await (const message of subscription) {
          if (message.type !== 'WORKFLOW_UPDATE') continue;
          const { runId, status: runStatus, seq } = message.progress;
          if (known.current.has(runId)) {
            setRuns((rows) => rows.map((row) => (row.runId === runId && row.seq <= seq ? { ...row, status: runStatus, seq, updatedAt: Date.now() } : row)));
          } else if (liveState.current.firstPage && !liveState.current.timer) {
            liveState.current.timer = setTimeout(() => {
              liveState.current.timer = 0;
              setReloads((count) => count + 1);
            }, 250);
          }
        }
      } catch (failure) {
        if (!stopped) setError(failure);
      }
    })();
    return () => {
      stopped = true;
      unsubscribe?.();
    };
  }, []);

  return (
    <main class="pad">
      <h1>Runs</h1>
      {can(session.principal, 'start') ? <StartRun session={session} definitions={definitions} /> : null}
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label for="filter-status">Status</label>
        <select id="filter-status" value={status} onChange={(event) => (setStatus((event.currentTarget as HTMLSelectElement).value), setCursors([]))}>
            <option value="">all</option>
            {STATUSES.map((value) => (
              <option value={value}>{value.replace('_', ' ')}</option>
            ))}
        </select>
        <label for="filter-workflow">Workflow</label>
        <select id="filter-workflow" value={definitionId} onChange={(event) => (setDefinitionId((event.currentTarget as HTMLSelectElement).value), setCursors([]))}>
            <option value="">all</option>
            {[...new Set(definitions.map((definition) => definition.id))].map((id) => (
              <option value={id}>{id}</option>
            ))}
        </select>
      </form>
      {error ? <ErrorBox error={error} /> : null}
      <div class="table-wrap">
        <table class="runs" aria-label="Runs, newest first">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Workflow</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.runId} data-run-id={run.runId}>
                <td>
                  <a href={`/runs/${encodeURIComponent(run.runId)}`} onClick={onLinkClick}>
                    {run.runId}
                  </a>
                </td>
                <td>
                  {run.definitionId} <span class="muted">{run.definitionVersion}</span>
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>{new Date(run.createdAt).toLocaleString()}</td>
                <td>{new Date(run.updatedAt).toLocaleTimeString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {loaded && runs.length === 0 ? <p class="muted">No runs match.</p> : null}
      <nav class="pager" aria-label="Pages">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((stack) => stack.slice(0, -1))}>
          ← Newer
        </button>
        <button type="button" disabled={!nextCursor} onClick={() => nextCursor && setCursors((stack) => [...stack, nextCursor])}>
          Older →
        </button>
      </nav>
    </main>
  );
}

/** Starts a run of a workflow with a JSON input, then opens it. */
function StartRun({ session, definitions }: { session: Session; definitions: readonly WorkflowDefinition[] }) {
  const ids = [...new Set(definitions.map((definition) => definition.id))];
  const [definitionId, setDefinitionId] = useState('');
  const [input, setInput] = useState('{}');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const chosen = definitionId || ids[0] || '';
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    let parsed: JsonValue | undefined;
    try {
      parsed = input.trim() === '' ? undefined : (JSON.parse(input) as JsonValue);
    } catch {
      setError({ code: 'E_REQUEST_INVALID', message: 'The input is not valid JSON.', hint: 'Write a JSON value, e.g. {"topic": "otters"}.' });
      return;
    }
    setBusy(true);
    try {
      const run = await session.client.rest.startRun({ definitionId: chosen, ...(parsed !== undefined ? { input: parsed } : {}) });
      navigate(`/runs/${encodeURIComponent(run.runId)}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <details class="start">
      <summary>Start a run</summary>
      <form onSubmit={(event) => void submit(event)}>
        <label for="start-definition">Workflow to start</label>{' '}
        <select id="start-definition" name="definitionId" value={chosen} onChange={(event) => setDefinitionId((event.currentTarget as HTMLSelectElement).value)}>
            {ids.map((id) => (
              <option value={id}>{id}</option>
            ))}
        </select>
        <label class="block">
          Input (JSON)
          <textarea name="input" rows={3} value={input} onInput={(event) => setInput((event.currentTarget as HTMLTextAreaElement).value)} />
        </label>
        <button type="submit" disabled={busy || chosen === ''}>
          Start
        </button>
        {error ? <ErrorBox error={error} /> : null}
      </form>
    </details>
  );
}
