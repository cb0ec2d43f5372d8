// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TroupeError, type TaskDefinition, type TaskInputOf, type TaskState } from '@troupe/sdk';
import type { TroupeClient } from '@troupe/client';
import type { HumanRequest } from '../model/RunModel.js';
import type { Session } from '../session.js';
import { TaskDetail } from './TaskDetail.js';

/** A session whose client answers task-input requests from `answer` and records them. */
function sessionWith(answer: (taskId: string, instance: number | undefined) => Promise<TaskInputOf>, scopes: Session['principal']['scopes'] = ['read']) {
  const asked: string[] = [];
  const rest = {
    taskInput: (_runId: string, taskId: string, options: { instance?: number } = {}) => {
      asked.push(`${taskId}#${options.instance ?? ''}`);
      return answer(taskId, options.instance);
    },
  };
  const session: Session = { client: { rest } as unknown as TroupeClient, principal: { name: 'viewer', scopes } };
  return { session, asked };
}

const tool: TaskDefinition = { id: 'fetch', executor: { type: 'tool', toolId: 'http' } };

describe('TaskDetail (DOM)', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  const show = async (session: Session, task: TaskState | undefined, definition: TaskDefinition, human?: HumanRequest): Promise<void> => {
    await act(async () => {
      render(h(TaskDetail, { session, runId: 'r1', taskId: definition.id, task, definition, human }), root);
    });
  };
  const inputText = (): string => root.querySelector('[data-testid="task-input"]')!.textContent ?? '';

  it('shows the input the server rebuilt for a tool task, and says when a task has not started', async () => {
    const { session, asked } = sessionWith(async (taskId) => ({ taskId, input: { url: 'https://example.test/a', token: '[REDACTED]' } }));
    await show(session, { id: 'fetch', status: 'completed', attempt: 1, output: { ok: true } }, tool);
    expect(asked).toEqual(['fetch#']);
    expect(inputText()).toContain('"url": "https://example.test/a"');
    expect(inputText()).toContain('[REDACTED]');

    render(null, root);
    await show(session, { id: 'fetch', status: 'pending', attempt: 0 }, tool);
    expect(inputText()).toContain('built when the task starts');
    expect(asked).toEqual(['fetch#']);
  });

  it('picks forEach elements by number', async () => {
    const fan: TaskDefinition = { id: 'fan', executor: { type: 'tool', toolId: 'work' }, forEach: { items: 'input.items', maxItems: 10 } };
    const { session, asked } = sessionWith(async (taskId, instance) => ({ taskId, input: { item: `item-${instance}` }, instance: { kind: 'forEach', index: instance ?? 0, total: 3 } }));
    await show(session, { id: 'fan', status: 'completed', attempt: 1 }, fan);
    expect(inputText()).toContain('item-0');
    expect(inputText()).toContain('of 3');
    const picker = root.querySelector<HTMLInputElement>('.instance-picker input')!;
    expect(picker.closest('label')!.textContent).toContain('Element');
    await act(async () => {
      picker.value = '2';
      picker.dispatchEvent(new Event('change'));
    });
    await act(async () => {
      await Promise.resolve();
    });
    expect(asked).toEqual(['fan#0', 'fan#2']);
    expect(inputText()).toContain('Input of element 2');
    expect(inputText()).toContain('item-2');
  });

  it('shows the coded error when the run definition is gone, and a waiting human task its own input without asking', async () => {
    const gone = new TroupeError('E_RUN_DEFINITION_GONE', { runId: 'r1', definitionId: 'review', definitionVersion: '1.0.0', reason: '' });
    const { session, asked } = sessionWith(() => Promise.reject(gone));
    await show(session, { id: 'fetch', status: 'completed', attempt: 1 }, tool);
    const alert = root.querySelector('[data-testid="task-input"] [role="alert"]')!;
    expect(alert.textContent).toContain('E_RUN_DEFINITION_GONE');
    expect(alert.textContent).toContain('no longer has');

    render(null, root);
    const approve: TaskDefinition = { id: 'approve', executor: { type: 'human', mode: 'approval', prompt: 'Ship it?' } };
    await show(session, { id: 'approve', status: 'awaiting_input', attempt: 1 }, approve, { mode: 'approval', prompt: 'Ship it?', input: { draft: 'v2' } });
    expect(inputText()).toContain('"draft": "v2"');
    expect(asked).toEqual(['fetch#']);
    expect(root.textContent).toContain('Your token cannot answer tasks');
  });

  it('links a sub-workflow task to its child run', async () => {
    const child: TaskDefinition = { id: 'child', executor: { type: 'workflow', workflowId: 'inner' } };
    const { session } = sessionWith(async (taskId) => ({ taskId, input: {} }));
    await show(session, { id: 'child', status: 'running', attempt: 1, childRunId: 'r1:child:1' }, child);
    const link = root.querySelector<HTMLAnchorElement>('a[href^="/runs/"]')!;
    expect(link.getAttribute('href')).toBe(`/runs/${encodeURIComponent('r1:child:1')}`);
    expect(link.textContent).toBe('r1:child:1');
    expect(root.textContent).toContain('workflow inner');
  });

  it('says how far a forEach or loop task got', async () => {
    const each: TaskDefinition = { id: 'each', executor: { type: 'tool', toolId: 'http' }, forEach: { items: 'input.urls', maxItems: 100 } };
    const { session } = sessionWith(async (taskId) => ({ taskId, input: {} }));
    await show(session, { id: 'each', status: 'running', attempt: 1, dynamic: { kind: 'forEach', completed: 37, total: 100 } }, each);
    expect(root.querySelector('[data-testid="task-dynamic"]')!.textContent).toBe('37 of 100 elements done');
    await show(session, { id: 'each', status: 'running', attempt: 1, dynamic: { kind: 'loop', completed: 1, total: 10 } }, each);
    expect(root.querySelector('[data-testid="task-dynamic"]')!.textContent).toBe('1 round done, at most 10');
  });
});
