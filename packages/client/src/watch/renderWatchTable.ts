import type { WatchChange, WatchModel, WatchRun } from './WatchModel.js';

export interface WatchTableOptions {
  /** Terminal width; the preview column takes what is left. Default 120. */
  readonly width?: number;
  /** Most rows (runs × seats) to show; newest runs first. Default 200. */
  readonly maxRows?: number;
}

const HEADERS = ['RUN', 'WORKFLOW', 'STATUS', '%', 'ROLE', 'PERSONA', 'SEAT', 'TASK', 'LAST OUTPUT'] as const;
const FIXED_WIDTHS = [14, 18, 14, 4, 14, 16, 8, 16] as const;

/**
 * The watch table: one row per seat (role, persona, status, current task,
 * last output preview), grouped by run with the run's workflow, status and
 * progress on its first row. Plain text, no colour, fits `width`.
 */
export function renderWatchTable(model: WatchModel | Iterable<WatchRun>, options: WatchTableOptions = {}): string {
  const width = Math.max(60, options.width ?? 120);
  const maxRows = options.maxRows ?? 200;
  const runs = [...(isModel(model) ? model.runs.values() : model)].sort((a, b) => b.updatedAt - a.updatedAt);
  const previewWidth = Math.max(10, width - FIXED_WIDTHS.reduce((sum, w) => sum + w + 1, 0));
  const widths = [...FIXED_WIDTHS, previewWidth];
  const lines = [row(HEADERS, widths)];
  let rows = 0;
  let hidden = 0;
  for (const run of runs) {
    const seats = [...run.seats.values()];
    const needed = Math.max(1, seats.length);
    if (rows + needed > maxRows) {
      hidden += 1;
      continue;
    }
    rows += needed;
    const runCells = [run.runId, run.definitionId, run.status, String(Math.round(run.percent))];
    if (seats.length === 0) {
      lines.push(row([...runCells, '-', '-', '-', run.currentTaskIds.join(',') || '-', ''], widths));
      continue;
    }
    seats.forEach((seat, index) => {
      const cells = index === 0 ? runCells : ['', '', '', ''];
      lines.push(row([...cells, seat.roleId, seat.personaId, seat.status, seat.taskId ?? '-', oneLine(seat.lastOutputPreview ?? '')], widths));
    });
  }
  if (runs.length === 0) lines.push('(no runs yet)');
  if (hidden > 0) lines.push(`… ${hidden} more run(s) not shown`);
  return lines.join('\n') + '\n';
}

/** One line per change, for pipes and logs: `HH:MM:SS run <id> …`. */
export function formatWatchLine(change: WatchChange, now = Date.now()): string | undefined {
  const time = new Date(change.kind === 'event' ? change.event.at : now).toISOString().slice(11, 19);
  const run = change.run;
  switch (change.kind) {
    case 'run':
      return `${time} ${run.runId} ${run.definitionId} ${run.status} ${Math.round(run.percent)}%`;
    case 'seat': {
      const seat = change.seat;
      const preview = seat.lastOutputPreview ? ` "${truncate(oneLine(seat.lastOutputPreview), 80)}"` : '';
      return `${time} ${run.runId} seat ${seat.roleId} (${seat.personaId}) ${seat.status}${seat.taskId ? ` task ${seat.taskId}` : ''}${preview}`;
    }
    case 'event': {
      const event = change.event;
      if (event.type === 'seat.updated' || event.type === 'task.progress') return undefined;
      return `${time} ${run.runId} #${event.seq} ${event.type}${event.taskId ? ` ${event.taskId}` : ''}`;
    }
    case 'gap':
      return `${time} ${run.runId} skipped events ${change.fromSeq}-${change.toSeq} (client fell behind; snapshot follows)`;
  }
}

function isModel(value: WatchModel | Iterable<WatchRun>): value is WatchModel {
  return (value as WatchModel).runs instanceof Map;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, index) => {
      const width = widths[index]!;
      return index === cells.length - 1 ? truncate(cell, width) : truncate(cell, width).padEnd(width);
    })
    .join(' ')
    .trimEnd();
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
