import { TERMINAL_RUN_STATUSES, type RunStatus } from '@troupe/sdk';
import type { TroupeClient } from '../TroupeClient.js';
import type { StreamSubscription } from '../StreamSubscription.js';
import { formatWatchLine, renderWatchTable } from './renderWatchTable.js';
import { WatchModel } from './WatchModel.js';

/** Where the view writes: a TTY gets a live table, anything else one line per change. */
export interface WatchOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}

export interface WatchViewOptions {
  readonly client: TroupeClient;
  /** Watch one run; otherwise every run the token may read. */
  readonly runId?: string;
  readonly output: WatchOutput;
  /** Redraws of the TTY table at most this often. Default 100 ms. */
  readonly refreshMs?: number;
  /** For a single run: finish when it ends. Default true. */
  readonly exitWhenDone?: boolean;
  readonly signal?: AbortSignal;
}

export interface WatchView {
  readonly model: WatchModel;
  /** Resolves when the watched run ended (exitWhenDone) or stop() was called; rejects on a stream error. */
  readonly done: Promise<void>;
  stop(): void;
}

const ACTIVE: readonly RunStatus[] = ['queued', 'running', 'awaiting_input', 'paused'];
const terminal = new Set<RunStatus>(TERMINAL_RUN_STATUSES);

/**
 * The terminal inspector behind `troupe watch`: subscribes (one run, or all
 * runs with the active ones' current state as a starting snapshot) and renders
 * a live table of runs and seats, or plain lines over a pipe.
 */
export function createWatchView(options: WatchViewOptions): WatchView {
  const { client, output } = options;
  const model = new WatchModel();
  const tty = output.isTTY === true;
  const refreshMs = options.refreshMs ?? 100;
  let subscription: StreamSubscription | undefined;
  let stopped = false;
  let redrawTimer: ReturnType<typeof setTimeout> | undefined;
  let lastDraw = 0;

  const draw = (): void => {
    redrawTimer = undefined;
    lastDraw = Date.now();
    const rows = output.rows !== undefined ? Math.max(3, output.rows - 2) : undefined;
    // Cursor home and clear below: the table replaces itself in place.
    output.write(`\u001b[H\u001b[J${renderWatchTable(model, { width: output.columns ?? 120, ...(rows !== undefined ? { maxRows: rows } : {}) })}`);
  };
  const scheduleDraw = (): void => {
    if (redrawTimer) return;
    redrawTimer = setTimeout(draw, Math.max(0, refreshMs - (Date.now() - lastDraw)));
  };

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    if (redrawTimer) clearTimeout(redrawTimer);
    if (tty) draw();
    void subscription?.unsubscribe();
  };
  options.signal?.addEventListener('abort', stop, { once: true });

  const done = (async () => {
    if (options.runId !== undefined) {
      subscription = await client.subscribe({ runId: options.runId });
    } else {
      const since: Record<string, number> = {};
      const page = await client.rest.listRuns({ status: ACTIVE, limit: 500, order: 'desc' });
      for (const run of page.runs) since[run.runId] = run.seq;
      subscription = await client.subscribe({ all: true, since });
    }
    if (stopped) {
      void subscription.unsubscribe();
      return;
    }
    if (tty) draw();
    let live = false;
    for await (const message of subscription) {
      if (message.type === 'live') live = true;
      const change = model.apply(message);
      if (change) {
        if (tty) scheduleDraw();
        else {
          const line = formatWatchLine(change);
          if (line !== undefined) output.write(`${line}\n`);
        }
      }
      if (options.runId !== undefined && options.exitWhenDone !== false) {
        const run = model.runs.get(options.runId);
        // Ended: stop once the snapshot that follows a (re)subscription, or the live final update, is in.
        if (run && terminal.has(run.status) && (message.type === 'live' || (live && message.type === 'WORKFLOW_UPDATE'))) break;
      }
    }
    stop();
  })();
  done.catch(() => stop());

  return { model, done, stop };
}
