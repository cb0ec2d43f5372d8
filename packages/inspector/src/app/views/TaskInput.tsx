import { useEffect, useState } from 'preact/hooks';
import type { TaskDefinition, TaskInputOf, TaskState } from '@troupe/sdk';
import type { Session } from '../session.js';
import { ErrorBox } from './ErrorBox.js';
import { JsonView } from './JsonView.js';

interface TaskInputProps {
  readonly session: Session;
  readonly runId: string;
  readonly taskId: string;
  readonly task: TaskState | undefined;
  readonly definition: TaskDefinition | undefined;
  /** What a waiting human task showed in its event: used as is, nothing to ask the server. */
  readonly waitingInput?: { readonly input: unknown };
}

type Loaded = { readonly key: string; readonly result?: TaskInputOf; readonly error?: unknown };

/**
 * A task's input, as the server rebuilds it from the run's definition, its
 * input and the upstream outputs (secrets already redacted). A forEach or loop
 * task shows one element or round at a time, picked by number.
 */
export function TaskInput({ session, runId, taskId, task, definition, waitingInput }: TaskInputProps) {
  const kind = definition?.forEach ? 'forEach' : definition?.loop ? 'loop' : undefined;
  const [instance, setInstance] = useState(0);
  const [loaded, setLoaded] = useState<Loaded>();
  const status = task?.status ?? 'pending';
  const started = status === 'ready' || (status !== 'pending' && (task?.attempt ?? 0) > 0);
  const key = `${taskId}#${kind ? instance : ''}`;
  // Asked again when the task moves on: a loop gains rounds, a pending task starts.
  const refresh = `${status}:${task?.attempt ?? 0}`;

  useEffect(() => {
    if (waitingInput || !started) return;
    let current = true;
    session.client.rest.taskInput(runId, taskId, kind ? { instance } : {}).then(
      (result) => current && setLoaded({ key, result }),
      (error: unknown) => current && setLoaded({ key, error }),
    );
    return () => {
      current = false;
    };
  }, [runId, key, started, waitingInput === undefined, kind ? refresh : started]);

  if (waitingInput) {
    return (
      <div class="task-input" data-testid="task-input" data-state="ready">
        <JsonView label="Input" value={waitingInput.input} />
      </div>
    );
  }
  if (!started) return <p class="muted" data-testid="task-input">Input: built when the task starts.</p>;
  const shown = loaded?.key === key ? loaded : undefined;
  // The previous answer's count stays while the next element loads.
  const total = loaded?.result?.instance?.total ?? task?.instances?.length;
  const noun = kind === 'loop' ? 'Round' : 'Element';
  return (
    <div class="task-input" data-testid="task-input" data-state={shown ? (shown.error ? 'error' : 'ready') : 'loading'}>
      {kind ? (
        <label class="instance-picker">
          {noun}
          <input
            type="number"
            min={0}
            {...(total ? { max: total - 1 } : {})}
            value={instance}
            onChange={(event) => {
              const value = Number((event.currentTarget as HTMLInputElement).value);
              if (Number.isInteger(value) && value >= 0) setInstance(value);
            }}
          />
          {total !== undefined ? <span class="muted">of {total} (from 0)</span> : null}
        </label>
      ) : null}
      {!shown ? (
        <p class="muted">Loading the input…</p>
      ) : shown.error ? (
        <ErrorBox title="Input" error={shown.error} />
      ) : (
        <JsonView label={kind ? `Input of ${noun.toLowerCase()} ${instance}` : 'Input'} value={shown.result!.input ?? null} />
      )}
    </div>
  );
}
