import type { RunUpdate } from '@troupe/runtime';
import type { ErrorInfo, RunState, TaskStatus } from '@troupe/sdk';
import type { CliOutput } from './CliIo.js';
import { escapeControls, terminalControl } from './terminalText.js';
import { formatDuration, preview } from './textTable.js';

interface TaskLine {
  readonly id: string;
  status: TaskStatus;
  attempt: number;
  startedAt?: number;
  endedAt?: number;
  /** Output preview, error, retry or question: what the line says after the status. */
  note: string;
}

const SYMBOLS: Readonly<Record<TaskStatus, string>> = {
  pending: '·',
  ready: '·',
  running: '▸',
  retry_wait: '↻',
  awaiting_input: '?',
  completed: '✓',
  failed: '✗',
  skipped: '-',
  cancelled: '⊘',
};

/** Events that change what a task line says; others (seat telemetry, ready) only feed the TTY view. */
const PLAIN_EVENTS = new Set(['task.started', 'task.completed', 'task.failed', 'task.skipped', 'task.cancelled', 'task.retry_scheduled', 'task.awaiting_input']);

/** Redraws of the live view at most this often. */
const REDRAW_MS = 50;

/**
 * The progress of one run on a terminal: a live line per task, redrawn in
 * place, on a TTY; one plain line per task transition otherwise (CI logs,
 * pipes). Fed with the engine's updates (after persistence), so what it shows
 * is what the store holds.
 */
export class RunProgress {
  private readonly tasks = new Map<string, TaskLine>();
  private header = '';
  private idWidth = 4;
  private drawnLines = 0;
  private redraw: ReturnType<typeof setTimeout> | undefined;
  private readonly tty: boolean;

  constructor(
    private readonly out: CliOutput,
    private readonly runId: string,
    private readonly scrub: (text: string) => string = (text) => text,
  ) {
    this.tty = out.isTTY === true;
  }

  /** Starts from a stored state (a run resumed to answer a human task). */
  init(state: RunState): void {
    this.setHeader(state.pin.definitionId, state.pin.definitionVersion);
    for (const task of Object.values(state.tasks)) {
      this.tasks.set(task.id, {
        id: task.id,
        status: task.status,
        attempt: task.attempt,
        ...(task.startedAt !== undefined ? { startedAt: task.startedAt } : {}),
        ...(task.endedAt !== undefined ? { endedAt: task.endedAt } : {}),
        note: task.status === 'completed' ? preview(task.output) : task.error ? errorNote(task.error) : '',
      });
    }
    this.measure();
    if (this.tty) this.draw();
  }

  update({ event, seat, progress }: Pick<RunUpdate, 'event' | 'seat'> & Partial<Pick<RunUpdate, 'progress'>>): void {
    if (event.runId !== this.runId) return;
    const data = event.data ?? {};
    if (event.type === 'run.created') {
      const pin = data.pin as RunState['pin'];
      this.setHeader(pin.definitionId, pin.definitionVersion);
      for (const id of (data.taskIds as readonly string[] | undefined) ?? []) this.tasks.set(id, { id, status: 'pending', attempt: 0, note: '' });
      this.measure();
      if (!this.tty) this.write(`run ${this.runId}: ${pin.definitionId}@${pin.definitionVersion}, ${this.tasks.size} task(s)\n`);
      this.schedule();
      return;
    }
    if (seat && seat.taskId !== undefined && seat.lastOutputPreview !== undefined) {
      const line = this.tasks.get(seat.taskId);
      if (line && line.status === 'running') line.note = preview(seat.lastOutputPreview);
      this.schedule();
      return;
    }
    const line = event.taskId === undefined ? undefined : this.tasks.get(event.taskId);
    if (!line) return;
    switch (event.type) {
      case 'task.ready':
        line.status = 'ready';
        break;
      case 'task.started':
        line.status = 'running';
        line.attempt = event.attempt ?? line.attempt + 1;
        line.startedAt ??= event.at;
        line.note = data.external === true ? 'driven from outside' : line.attempt > 1 ? `attempt ${line.attempt}` : '';
        break;
      case 'task.completed':
        line.status = 'completed';
        line.endedAt = event.at;
        line.note = preview(data.output);
        break;
      case 'task.failed':
        line.status = 'failed';
        line.endedAt = event.at;
        line.note = data.error ? errorNote(data.error as ErrorInfo) : '';
        break;
      case 'task.skipped':
        line.status = 'skipped';
        line.endedAt = event.at;
        line.note = typeof data.reason === 'string' ? data.reason : '';
        break;
      case 'task.cancelled':
        line.status = 'cancelled';
        line.endedAt = event.at;
        line.note = '';
        break;
      case 'task.retry_scheduled': {
        line.status = 'retry_wait';
        const next = typeof data.nextAttemptAt === 'number' ? ` in ${formatDuration(data.nextAttemptAt - event.at)}` : '';
        line.note = `retry${next}${data.error ? ` after ${(data.error as ErrorInfo).code}` : ''}`;
        break;
      }
      case 'task.awaiting_input':
        line.status = 'awaiting_input';
        line.startedAt ??= event.at;
        line.note = `waiting for ${data.mode === 'input' ? 'input' : 'approval'}${typeof data.prompt === 'string' ? `: ${preview(data.prompt, 50)}` : ''}`;
        break;
      case 'task.instance_completed':
      case 'task.instance_retry_scheduled':
      case 'task.instance_failed': {
        // A forEach or loop: how far it got (elements done of all, or rounds done of at most).
        const dynamic = progress?.instances?.[line.id];
        if (!dynamic) return;
        const done = dynamic.kind === 'forEach' ? `${dynamic.completed}/${dynamic.total} elements` : `${dynamic.completed} round(s) of at most ${dynamic.total}`;
        const instance = `${dynamic.kind === 'forEach' ? 'element' : 'round'} ${String(data.instance)}`;
        const trouble = event.type === 'task.instance_failed' ? 'failed' : 'retries';
        line.note = event.type === 'task.instance_completed' ? done : `${done}, ${instance} ${trouble}${data.error ? ` after ${(data.error as ErrorInfo).code}` : ''}`;
        if (!this.tty) this.write(`${this.render(line)}\n`);
        else this.schedule();
        return;
      }
      default:
        return;
    }
    if (!this.tty) {
      if (PLAIN_EVENTS.has(event.type)) this.write(`${this.render(line)}\n`);
      return;
    }
    this.schedule();
  }

  /** The final view (TTY): drawn once more so the last state stays on screen. */
  finish(): void {
    if (this.redraw !== undefined) clearTimeout(this.redraw);
    this.redraw = undefined;
    if (this.tty) this.draw();
  }

  private setHeader(definitionId: string, version: string): void {
    this.header = `${definitionId}@${version}  run ${this.runId}`;
  }

  private measure(): void {
    this.idWidth = Math.max(4, ...[...this.tasks.keys()].map((id) => id.length));
  }

  private render(line: TaskLine): string {
    const duration = line.endedAt !== undefined && line.startedAt !== undefined ? formatDuration(line.endedAt - line.startedAt) : '';
    const cells = [`  ${SYMBOLS[line.status]} ${line.id.padEnd(this.idWidth)}`, line.status.padEnd(14), duration.padEnd(8), line.note];
    return cells.join(' ').trimEnd();
  }

  private schedule(): void {
    if (!this.tty || this.redraw !== undefined) return;
    this.redraw = setTimeout(() => {
      this.redraw = undefined;
      this.draw();
    }, REDRAW_MS);
  }

  /** Moves up over the previous frame and rewrites it; lines are cut to the terminal width so none wraps. */
  private draw(): void {
    const width = Math.max(20, (this.out.columns || 100) - 1);
    const ended = [...this.tasks.values()].filter((task) => task.endedAt !== undefined).length;
    const lines = [`${this.header}  ${ended}/${this.tasks.size} done`, ...[...this.tasks.values()].map((line) => this.render(line))];
    const up = this.drawnLines > 0 ? terminalControl(`\u001b[${this.drawnLines}F`) : '';
    // Escaped before the cut, so an escaped control character counts for its printed width.
    this.write(`${up}${lines.map((line) => `${terminalControl('\u001b[2K')}${cut(escapeControls(line), width)}\n`).join('')}`);
    this.drawnLines = lines.length;
  }

  private write(text: string): void {
    this.out.write(this.scrub(text));
  }
}

function errorNote(error: ErrorInfo): string {
  return preview(`${error.code}: ${error.message}`, 100);
}

function cut(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
