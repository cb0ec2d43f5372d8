import type { TaskDefinition, TaskState } from '@troupe/sdk';
import { dynamicProgressText } from '../model/dynamicProgress.js';
import type { HumanRequest } from '../model/RunModel.js';
import { onLinkClick } from '../router.js';
import { can } from '../session.js';
import type { Session } from '../session.js';
import { ErrorBox } from './ErrorBox.js';
import { HumanTaskForm } from './HumanTaskForm.js';
import { JsonView } from './JsonView.js';
import { StatusBadge } from './StatusBadge.js';
import { TaskInput } from './TaskInput.js';

interface TaskDetailProps {
  readonly session: Session;
  readonly runId: string;
  readonly taskId: string;
  readonly task: TaskState | undefined;
  readonly definition: TaskDefinition | undefined;
  readonly human: HumanRequest | undefined;
}

/** The selected task: status, attempts, input and output, its error with the hint, and the human answer form. */
export function TaskDetail({ session, runId, taskId, task, definition, human }: TaskDetailProps) {
  const status = task?.status ?? 'pending';
  return (
    <section class="panel task-detail" aria-labelledby="task-title" data-task-detail={taskId}>
      <h2 id="task-title">
        Task {taskId} <StatusBadge status={status} />
      </h2>
      <dl class="facts">
        {definition ? (
          <>
            <dt>Executor</dt>
            <dd>{describeExecutor(definition)}</dd>
          </>
        ) : null}
        {task && task.attempt > 0 ? (
          <>
            <dt>Attempt</dt>
            <dd>
              {task.attempt}
              {definition?.retry ? ` of ${definition.retry.maxAttempts}` : ''}
              {task.nextAttemptAt ? `, next at ${new Date(task.nextAttemptAt).toLocaleTimeString()}` : ''}
            </dd>
          </>
        ) : null}
        {task?.dynamic ? (
          <>
            <dt>{task.dynamic.kind === 'forEach' ? 'forEach' : 'Loop'}</dt>
            <dd data-testid="task-dynamic">{dynamicProgressText(task.dynamic)}</dd>
          </>
        ) : null}
        {task?.compensated ? (
          <>
            <dt>Saga</dt>
            <dd>compensated</dd>
          </>
        ) : null}
        {task?.answeredBy ? (
          <>
            <dt>Answered by</dt>
            <dd>{task.answeredBy}</dd>
          </>
        ) : null}
        {task?.childRunId ? (
          <>
            <dt>Sub-workflow</dt>
            <dd>
              <a href={`/runs/${encodeURIComponent(task.childRunId)}`} onClick={onLinkClick}>
                {task.childRunId}
              </a>
            </dd>
          </>
        ) : null}
        {definition?.dependsOn?.length ? (
          <>
            <dt>Depends on</dt>
            <dd>{definition.dependsOn.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {task?.error ? <ErrorBox error={task.error} /> : null}
      {human && status === 'awaiting_input' ? (
        can(session.principal, 'answer') ? (
          <HumanTaskForm key={`${taskId}:${task?.attempt ?? 0}`} session={session} runId={runId} taskId={taskId} request={human} inputSchema={definition?.inputSchema} />
        ) : (
          <p class="muted">Waiting for a human answer. Your token cannot answer tasks (it needs the answer scope).</p>
        )
      ) : null}
      <TaskInput
        key={taskId}
        session={session}
        runId={runId}
        taskId={taskId}
        task={task}
        definition={definition}
        {...(human && status === 'awaiting_input' && 'input' in human ? { waitingInput: { input: human.input } } : {})}
      />
      <JsonView label="Output" value={task?.output} />
      {task?.handoff ? <JsonView label="Handoff" value={task.handoff} /> : null}
    </section>
  );
}

function describeExecutor(definition: TaskDefinition): string {
  const executor = definition.executor;
  if (!executor) return 'unknown';
  switch (executor.type) {
    case 'tool':
      return `tool ${executor.toolId}`;
    case 'gmi':
      return `seat ${executor.roleId}`;
    case 'human':
      return `human ${executor.mode}`;
    case 'code':
      return `code ${executor.codeId}`;
    case 'workflow':
      return `workflow ${executor.workflowId}`;
    default:
      return 'unknown';
  }
}
