import { useEffect, useMemo, useState } from 'preact/hooks';
import { TERMINAL_RUN_STATUSES, type TaskDefinition, type WorkflowDefinition } from '@troupe/sdk';
import type { StreamSubscription } from '@troupe/client';
import { layoutDag } from '../model/layoutDag.js';
import { RunModel } from '../model/RunModel.js';
import { onLinkClick } from '../router.js';
import { can } from '../session.js';
import type { Session } from '../session.js';
import { ErrorBox } from './ErrorBox.js';
import { EventLog } from './EventLog.js';
import { JsonView } from './JsonView.js';
import { formatUsage, SeatPanel } from './SeatPanel.js';
import { StatusBadge } from './StatusBadge.js';
import { TaskDetail } from './TaskDetail.js';
import { TaskGraph } from './TaskGraph.js';

const YIELD_EVERY = 2_000;

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** Resolves after pending input and rendering work had their turn (a macrotask, unlike a resolved promise). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(undefined);
  });
}

/**
 * One run, live: the REST snapshot first, then the stream from seq 0 (replay,
 * then live; the client resumes after a drop with nothing missing or doubled).
 * Messages fold into a RunModel; the page re-renders at most once a frame.
 */
export function RunPage({ session, runId }: { session: Session; runId: string }) {
  const { client } = session;
  const [model, setModel] = useState<RunModel>();
  const [definition, setDefinition] = useState<WorkflowDefinition>();
  const [definitionProblem, setDefinitionProblem] = useState<unknown>();
  const [error, setError] = useState<unknown>();
  const [actionError, setActionError] = useState<unknown>();
  const [, setVersion] = useState(0);
  const [selected, setSelected] = useState<string>();

  useEffect(() => {
    let stopped = false;
    let frame = 0;
    let subscription: StreamSubscription | undefined;
    void (async () => {
      // Both before the first draw, so the graph is laid out once. The definition is the one the run started with.
      const [run, pinned] = await Promise.all([
        client.rest.getRun(runId),
        client.rest.runDefinition(runId).then(
          (found) => ({ found }),
          (problem: unknown) => ({ problem }),
        ),
      ]);
      if (stopped) return;
      const current = new RunModel(run);
      if ('found' in pinned) setDefinition(pinned.found);
      else setDefinitionProblem(pinned.problem);
      setModel(current);
      const render = (): void => {
        if (frame === 0) {
          frame = requestAnimationFrame(() => {
            frame = 0;
            setVersion(current.version);
          });
        }
      };
      // Draw the header and the graph before the replay starts arriving.
      await nextFrame();
      subscription = await client.subscribe({ runId, since: 0 });
      if (stopped) {
        void subscription.unsubscribe();
        return;
      }
      let sinceYield = 0;
      for await (const message of subscription) {
        current.apply(message);
        // A long replay arrives faster than it is drawn: let the browser paint and handle input now and then.
        if (++sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          render();
          await nextTask();
        }
        if (message.type === 'gap') {
          // The server skipped these events (this tab fell behind): read them back.
          const gap = current.gaps[current.gaps.length - 1]!;
          void client.rest.readEvents(runId, { since: gap.fromSeq - 1, limit: Math.min(10_000, gap.toSeq - gap.fromSeq + 1) }).then((page) => {
            current.fillGap(gap, page.events);
            render();
          });
        }
        render();
      }
    })().catch((failure: unknown) => {
      if (!stopped) setError(failure);
    });
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      void subscription?.unsubscribe();
    };
  }, [runId]);

  const taskDefinitions = useMemo(() => new Map<string, TaskDefinition>((definition?.tasks ?? []).map((task) => [task.id, task])), [definition]);
  const layout = useMemo(
    () => layoutDag(definition ? definition.tasks : model ? [...model.tasks.keys()].map((id) => ({ id })) : []),
    [definition, model],
  );

  if (error) return <main class="pad"><ErrorBox title={`Run ${runId}`} error={error} /></main>;
  if (!model) return <main class="pad"><p class="muted">Loading run {runId}…</p></main>;

  const terminal = TERMINAL_RUN_STATUSES.includes(model.status);
  const cancel = async (): Promise<void> => {
    setActionError(undefined);
    try {
      await client.rest.cancel(runId, 'cancelled from the inspector');
    } catch (failure) {
      setActionError(failure);
    }
  };
  const seats = [...model.seats.values()];
  const progress = model.progress;
  return (
    <main class="pad run-page" data-run-id={runId} data-status={model.status} data-live={model.live ? 'true' : 'false'}>
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/" onClick={onLinkClick}>
          Runs
        </a>{' '}
        / {runId}
        {model.run.parentRunId ? (
          <>
            {' '}
            (child of{' '}
            <a href={`/runs/${encodeURIComponent(model.run.parentRunId)}`} onClick={onLinkClick}>
              {model.run.parentRunId}
            </a>
            )
          </>
        ) : null}
      </nav>
      <h1>
        {model.run.pin.definitionId} <span class="muted">{model.run.pin.definitionVersion}</span> <StatusBadge status={model.status} />
      </h1>
      <div class="run-bar">
        {progress ? (
          <span>
            <progress max={100} value={progress.percent} aria-label="Progress" /> {progress.percent}% of {progress.total} tasks
          </span>
        ) : null}
        <span class="muted">started {new Date(model.run.createdAt).toLocaleString()}</span>
        {model.endedAt ? <span class="muted">ended {new Date(model.endedAt).toLocaleTimeString()}</span> : null}
        {model.usage ? <span class="usage" data-testid="run-usage">{formatUsage(model.usage)}</span> : null}
        {!model.live ? <span class="muted">replaying…</span> : null}
        {!terminal && can(session.principal, 'start') ? (
          <button type="button" class="reject" onClick={() => void cancel()}>
            Cancel run
          </button>
        ) : null}
      </div>
      {actionError ? <ErrorBox error={actionError} /> : null}
      {model.error ? <ErrorBox title="Run failed" error={model.error} /> : null}
      <div class="run-grid">
        <section class="panel graph-panel" aria-labelledby="graph-title">
          <h2 id="graph-title">Tasks</h2>
          {definitionProblem ? (
            <div class="notice">
              <p class="muted">The graph shows the run's tasks without their dependencies, and task inputs cannot be rebuilt:</p>
              <ErrorBox error={definitionProblem} />
            </div>
          ) : null}
          <TaskGraph layout={layout} definitions={taskDefinitions} tasks={model.tasks} selected={selected} onSelect={setSelected} />
        </section>
        <div class="side">
          {selected ? (
            <TaskDetail
              session={session}
              runId={runId}
              taskId={selected}
              task={model.tasks.get(selected)}
              definition={taskDefinitions.get(selected)}
              human={model.human.get(selected)}
            />
          ) : model.human.size > 0 ? (
            <section class="panel">
              <h2>Waiting for a human</h2>
              <ul>
                {[...model.human.keys()].map((taskId) => (
                  <li>
                    <button type="button" class="link" onClick={() => setSelected(taskId)}>
                      {taskId}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <SeatPanel seats={seats} onTask={setSelected} />
        </div>
      </div>
      <EventLog events={model.events} duplicates={model.duplicates} onTask={setSelected} />
      <div class="io">
        <JsonView label="Run input" value={model.run.input} />
        <JsonView label="Run output" value={model.output} />
      </div>
    </main>
  );
}
