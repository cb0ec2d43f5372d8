import { describe, expect, it } from 'vitest';
import type { SubscriptionMessage } from '../StreamSubscription.js';
import { formatWatchLine, renderWatchTable } from './renderWatchTable.js';
import { WatchModel } from './WatchModel.js';

const progress = (runId: string, status: 'running' | 'completed', percent: number, seq: number): SubscriptionMessage => ({
  type: 'WORKFLOW_UPDATE',
  runId,
  seq,
  definitionId: 'review',
  progress: { runId, definitionId: 'review', status, seq, counts: {}, total: 2, percent, currentTaskIds: ['draft'] },
});
const seat = (runId: string, roleId: string, seq: number, preview?: string): SubscriptionMessage => ({
  type: 'SEAT_UPDATE',
  runId,
  seq,
  definitionId: 'review',
  seat: { roleId, personaId: `${roleId}-persona`, status: 'working', taskId: 'draft', history: [], seq, ...(preview !== undefined ? { lastOutputPreview: preview } : {}) },
});

describe('WatchModel and renderWatchTable', () => {
  it('renders one row per seat, the run on its first row, previews on one line and cut to the width', () => {
    const model = new WatchModel();
    model.apply(progress('run-1', 'running', 50, 3));
    model.apply(seat('run-1', 'writer', 3, 'line one\nline two'));
    model.apply(seat('run-1', 'reviewer', 2));
    const table = renderWatchTable(model, { width: 130 }).split('\n');
    expect(table[0]).toMatch(/^RUN +WORKFLOW +STATUS +% +ROLE +PERSONA +SEAT +TASK +LAST OUTPUT$/);
    expect(table[1]).toMatch(/^run-1 +review +running +50 +writer +writer-persona +working +draft +line one line two$/);
    expect(table[2]).toMatch(/^ {20,}reviewer +reviewer-persona +working +draft$/);
    const narrow = renderWatchTable(model, { width: 60 }).split('\n')[1]!;
    expect(narrow.endsWith('…')).toBe(true);
  });

  it('ignores stale seat snapshots and reports what changed as lines', () => {
    const model = new WatchModel();
    expect(formatWatchLine(model.apply(progress('r', 'running', 0, 1))!, Date.UTC(2025, 0, 1, 12, 0, 0))).toBe('12:00:00 r review running 0%');
    expect(model.apply(seat('r', 'writer', 5, 'new'))).toBeDefined();
    expect(model.apply(seat('r', 'writer', 4, 'old'))).toBeUndefined();
    expect(model.runs.get('r')!.seats.get('writer')!.lastOutputPreview).toBe('new');
    expect(model.apply(progress('r', 'running', 0, 6))).toBeUndefined();
    const done = model.apply(progress('r', 'completed', 100, 7))!;
    expect(formatWatchLine(done, Date.UTC(2025, 0, 1, 12, 0, 1))).toBe('12:00:01 r review completed 100%');
    expect(model.allEnded()).toBe(true);
    expect(renderWatchTable(new WatchModel())).toContain('(no runs yet)');
  });
});
