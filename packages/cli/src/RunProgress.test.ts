import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunUpdate } from '@troupe/runtime';
import type { RunEvent, RunEventType, WorkflowProgress } from '@troupe/sdk';
import { RunProgress } from './RunProgress.js';
import { escapeTerminalText } from './terminalText.js';

const progress: WorkflowProgress = { runId: 'r1', definitionId: 'demo', status: 'running', seq: 0, counts: {}, total: 2, percent: 0, currentTaskIds: [] };
let seq = 0;

function update(type: RunEventType, taskId?: string, data?: Record<string, unknown>, extra: Partial<RunEvent> = {}): RunUpdate {
  seq++;
  return { event: { runId: 'r1', seq, type, at: 1000 + seq, ...(taskId ? { taskId } : {}), ...(data ? { data } : {}), ...extra }, progress };
}

const created = (): RunUpdate => update('run.created', undefined, { pin: { definitionId: 'demo', definitionVersion: '1.2.0' }, taskIds: ['fetch', 'summarise'] });

function output(isTTY: boolean, columns = 80): { write(text: string): void; isTTY: boolean; columns: number; text: () => string } {
  let text = '';
  // What main() does to every write: the view's own sequences pass, everything else is escaped.
  return { write: (chunk) => void (text += escapeTerminalText(chunk)), isTTY, columns, text: () => text };
}

beforeEach(() => {
  seq = 0;
});

describe('RunProgress without a terminal', () => {
  it('prints one line per task transition, ignoring other runs and seat telemetry', () => {
    const out = output(false);
    const view = new RunProgress(out, 'r1');
    view.update(created());
    view.update(update('task.started', 'fetch', undefined, { attempt: 1 }));
    view.update({ ...update('seat.updated', undefined, { roleId: 'writer' }), seat: { roleId: 'writer', personaId: 'p', status: 'working', taskId: 'fetch', history: [], seq, lastOutputPreview: 'tok' } });
    view.update({ ...update('task.started', 'fetch'), event: { runId: 'other', seq: 1, type: 'task.started', at: 0, taskId: 'fetch' } });
    view.update(update('task.retry_scheduled', 'fetch', { error: { code: 'E_DOWN', message: 'down' }, nextAttemptAt: 1000 + seq + 1 + 250 }));
    view.update(update('task.started', 'fetch', undefined, { attempt: 2 }));
    view.update(update('task.completed', 'fetch', { output: { items: [1, 2, 3] } }));
    view.update(update('task.awaiting_input', 'summarise', { mode: 'approval', prompt: 'Ship it?' }));
    view.finish();
    expect(out.text()).toBe(
      [
        'run r1: demo@1.2.0, 2 task(s)',
        '  ▸ fetch     running',
        '  ↻ fetch     retry_wait              retry in 250 ms after E_DOWN',
        '  ▸ fetch     running                 attempt 2',
        '  ✓ fetch     completed      5 ms     {"items":[1,2,3]}',
        '  ? summarise awaiting_input          waiting for approval: Ship it?',
        '',
      ].join('\n'),
    );
  });
});

describe('RunProgress of dynamic tasks', () => {
  it('prints how far a forEach or a loop got as its instances end', () => {
    const out = output(false);
    const view = new RunProgress(out, 'r1');
    view.update(created());
    view.update(update('task.started', 'fetch', undefined, { attempt: 1 }));
    const at = (completed: number): WorkflowProgress => ({ ...progress, instances: { fetch: { kind: 'forEach', completed, total: 3 } } });
    view.update({ ...update('task.instance_completed', 'fetch', { instance: 0, output: 'a' }), progress: at(1) });
    view.update({ ...update('task.instance_retry_scheduled', 'fetch', { instance: 1, error: { code: 'E_DOWN', message: 'down' } }), progress: at(1) });
    view.update({ ...update('task.instance_completed', 'summarise', { instance: 0 }), progress: { ...progress, instances: { summarise: { kind: 'loop', completed: 1, total: 4 } } } });
    expect(out.text().split('\n').slice(2, 5)).toEqual([
      '  ▸ fetch     running                 1/3 elements',
      '  ▸ fetch     running                 1/3 elements, element 1 retries after E_DOWN',
      '  · summarise pending                 1 round(s) of at most 4',
    ]);
  });
});

describe('RunProgress on a terminal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('redraws one line per task in place, at most every 50 ms, cut to the terminal width', () => {
    const out = output(true, 50);
    const view = new RunProgress(out, 'r1', (text) => text.replace('secret', '[redacted]'));
    view.update(created());
    view.update(update('task.started', 'fetch', undefined, { attempt: 1 }));
    expect(out.text()).toBe('');
    vi.advanceTimersByTime(50);
    const first = out.text();
    expect(first).toBe(['\u001b[2Kdemo@1.2.0  run r1  0/2 done', '\u001b[2K  ▸ fetch     running', '\u001b[2K  · summarise pending', ''].join('\n'));

    view.update({ ...update('seat.updated'), seat: { roleId: 'writer', personaId: 'p', status: 'working', taskId: 'fetch', history: [], seq, lastOutputPreview: 'a secret token' } });
    view.update(update('task.completed', 'fetch', { output: 'x'.repeat(200) }));
    view.finish();
    const second = out.text().slice(first.length);
    // Back up over the three lines of the previous frame, then rewrite them, each cut to the terminal width.
    expect(second.startsWith('\u001b[3F')).toBe(true);
    const lines = second.slice('\u001b[3F'.length).split('\n');
    expect(lines[0]).toBe('\u001b[2Kdemo@1.2.0  run r1  1/2 done');
    expect(lines[1]).toMatch(/^\u001b\[2K {2}✓ fetch {5}completed {6}\d+ ms +x+…$/);
    expect(lines[1]!.length - '\u001b[2K'.length).toBe(49);
  });

  it('shows the streamed preview of a running seat', () => {
    const out = output(true);
    const view = new RunProgress(out, 'r1', (text) => text.replace('secret', '[redacted]'));
    view.update(created());
    view.update(update('task.started', 'fetch', undefined, { attempt: 1 }));
    view.update({ ...update('seat.updated'), seat: { roleId: 'writer', personaId: 'p', status: 'working', taskId: 'fetch', history: [], seq, lastOutputPreview: 'a secret token' } });
    view.finish();
    expect(out.text()).toContain('  ▸ fetch     running                 a [redacted] token');
  });

  it('escapes control characters a tool or a seat put in its output, and keeps its own cursor moves', () => {
    const out = output(true);
    const view = new RunProgress(out, 'r1');
    view.update(created());
    view.update(update('task.started', 'fetch', undefined, { attempt: 1 }));
    view.update({ ...update('seat.updated'), seat: { roleId: 'writer', personaId: 'p', status: 'working', taskId: 'fetch', history: [], seq, lastOutputPreview: 'ok\u001b]0;pwned\u0007\u001b[2J' } });
    view.finish();
    expect(out.text()).toContain('ok\\u001b]0;pwned\\u0007\\u001b[2J');
    expect(out.text()).not.toContain('\u0007');
    expect(out.text()).toContain('\u001b[2K');
  });
});
