import { Component } from 'preact';
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TaskDefinition, TaskState } from '@troupe/sdk';
import { dynamicProgressText } from '../model/dynamicProgress.js';
import { findTask, neighbourOf, type DagDirection, type DagLayout } from '../model/layoutDag.js';

const NODE_W = 168;
const NODE_H = 40;
const COL = NODE_W + 56;
const ROW = NODE_H + 16;
const PAD = 8;

const x = (rank: number): number => PAD + rank * COL;
const y = (row: number): number => PAD + row * ROW;

interface TaskNodeProps {
  readonly id: string;
  readonly rank: number;
  readonly row: number;
  readonly task: TaskState | undefined;
  readonly executor: string;
  readonly selected: boolean;
  readonly onSelect: (id: string) => void;
  readonly onMove: (id: string, direction: DagDirection) => void;
}

const DIRECTION_OF: Readonly<Record<string, DagDirection>> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

/** What sets a task apart besides its status, in words (shown on the box and in its accessible name). */
function taskMarks(task: TaskState | undefined, form: 'words' | 'short' = 'words'): string[] {
  const status = task?.status ?? 'pending';
  return [
    task && task.attempt > 1 ? `attempt ${task.attempt}` : '',
    status === 'retry_wait' ? 'retrying' : '',
    task?.compensated ? 'compensated' : '',
    task?.childRunId ? 'sub-workflow' : '',
    task?.dynamic ? dynamicProgressText(task.dynamic, form) : '',
  ].filter((mark) => mark !== '');
}

/** One task box; re-renders only when its own state or selection changes (2,000 of them per frame otherwise). */
class TaskNode extends Component<TaskNodeProps> {
  override shouldComponentUpdate(next: TaskNodeProps): boolean {
    return next.task !== this.props.task || next.selected !== this.props.selected || next.executor !== this.props.executor || next.rank !== this.props.rank || next.row !== this.props.row;
  }

  override render() {
    const { id, rank, row, task, executor, selected, onSelect, onMove } = this.props;
    const status = task?.status ?? 'pending';
    const marks = taskMarks(task);
    const icon = task?.childRunId ? '⧉' : status === 'retry_wait' ? '↻' : task?.compensated ? '↶' : status === 'skipped' ? '⤼' : '';
    const label = `${id}: ${status.replace('_', ' ')}${marks.length > 0 ? `, ${marks.join(', ')}` : ''}`;
    return (
      <g
        class={`node st-${status}${selected ? ' selected' : ''}${task?.compensated ? ' compensated' : ''}${task?.childRunId ? ' subrun' : ''}`}
        transform={`translate(${x(rank)},${y(row)})`}
        role="button"
        // SVG attribute names are case-sensitive: `tabIndex` would not make the box focusable.
        tabindex={0}
        aria-label={label}
        aria-pressed={selected}
        data-task={id}
        data-status={status}
        onClick={() => onSelect(id)}
        onKeyDown={(event) => {
          const direction = DIRECTION_OF[event.key];
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onSelect(id);
          } else if (direction) {
            event.preventDefault();
            onMove(id, direction);
          }
        }}
      >
        <title>{label}</title>
        <rect width={NODE_W} height={NODE_H} rx={6} />
        {task?.compensated ? <rect class="undo" x={3} y={3} width={NODE_W - 6} height={NODE_H - 6} rx={4} /> : null}
        {icon ? (
          <text x={NODE_W - 16} y={15} class="icon" aria-hidden="true">
            {icon}
          </text>
        ) : null}
        <text x={8} y={16} class="name">
          {id.length > 20 ? `${id.slice(0, 19)}…` : id}
        </text>
        <text x={8} y={32} class="sub">
          {executor} · {status.replace('_', ' ')}
          {marks.length > 0 ? ` · ${taskMarks(task, 'short').join(' · ')}` : ''}
        </text>
      </g>
    );
  }
}

/** The edges never change for a run: drawn once per layout. */
class Edges extends Component<{ layout: DagLayout }> {
  override shouldComponentUpdate(next: { layout: DagLayout }): boolean {
    return next.layout !== this.props.layout;
  }

  override render() {
    const { layout } = this.props;
    let d = '';
    for (const edge of layout.edges) {
      const from = layout.byId.get(edge.from)!;
      const to = layout.byId.get(edge.to)!;
      const x1 = x(from.rank) + NODE_W;
      const y1 = y(from.row) + NODE_H / 2;
      const x2 = x(to.rank);
      const y2 = y(to.row) + NODE_H / 2;
      const mid = (x1 + x2) / 2;
      d += `M${x1},${y1}C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
    }
    return <path class="edges" d={d} />;
  }
}

interface TaskGraphProps {
  readonly layout: DagLayout;
  readonly definitions: ReadonlyMap<string, TaskDefinition>;
  readonly tasks: ReadonlyMap<string, TaskState>;
  readonly selected: string | undefined;
  readonly onSelect: (id: string) => void;
}

/** Graphs up to this size draw every task (and Tab reaches each); larger ones draw the tasks in view. */
export const WINDOW_ABOVE = 300;
const MARGIN = 400;

/**
 * The run's task graph as a left-to-right DAG coloured by task status. Arrow
 * keys move between tasks and "Find task" jumps to one by id: both select it,
 * scroll it into view and focus it, so a windowed graph of thousands of tasks
 * is as usable from the keyboard as a small one.
 */
export function TaskGraph({ layout, definitions, tasks, selected, onSelect }: TaskGraphProps) {
  const width = PAD * 2 + Math.max(1, layout.ranks) * COL - (COL - NODE_W);
  const height = PAD * 2 + Math.max(1, layout.rows) * ROW - (ROW - NODE_H);
  const wrap = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ left: 0, top: 0, width: 1600, height: 900 });
  const [search, setSearch] = useState('');
  const [notFound, setNotFound] = useState<string>();
  /** A task to scroll to and focus once it is drawn. */
  const reveal = useRef<string | undefined>(undefined);
  // Finding the task already selected changes no prop: this render is what reveals it.
  const [, setReveals] = useState(0);
  const windowed = layout.nodes.length > WINDOW_ABOVE;
  const measure = (): void => {
    const element = wrap.current;
    if (element) setView({ left: element.scrollLeft, top: element.scrollTop, width: element.clientWidth, height: element.clientHeight });
  };
  useLayoutEffect(measure, [windowed]);
  useLayoutEffect(() => {
    const id = reveal.current;
    const element = wrap.current;
    const node = id !== undefined ? layout.byId.get(id) : undefined;
    if (!element || !node) return;
    reveal.current = undefined;
    const nodeX = x(node.rank);
    const nodeY = y(node.row);
    // Scrolled by hand (the box may not be drawn until the window moves), then focused without a second scroll.
    if (nodeX < element.scrollLeft || nodeX + NODE_W > element.scrollLeft + element.clientWidth) element.scrollLeft = Math.max(0, nodeX - PAD);
    if (nodeY < element.scrollTop || nodeY + NODE_H > element.scrollTop + element.clientHeight) element.scrollTop = Math.max(0, nodeY - PAD);
    if (windowed) measure();
    element.querySelector<SVGGElement>(`[data-task="${CSS.escape(node.id)}"]`)?.focus({ preventScroll: true });
  });
  const go = (id: string): void => {
    reveal.current = id;
    onSelect(id);
    setReveals((count) => count + 1);
  };
  const move = useRef<(id: string, direction: DagDirection) => void>(() => undefined);
  move.current = (id, direction) => {
    const next = neighbourOf(layout, id, direction);
    if (next !== undefined) go(next);
  };
  // Stable, so task boxes that did not change skip their render; it reads the current layout through the ref.
  const onMove = useCallback((id: string, direction: DagDirection) => move.current(id, direction), []);
  const visible = windowed
    ? layout.nodes.filter((node) => {
        const nodeX = x(node.rank);
        const nodeY = y(node.row);
        return (
          node.id === selected ||
          (nodeX + NODE_W >= view.left - MARGIN && nodeX <= view.left + view.width + MARGIN && nodeY + NODE_H >= view.top - MARGIN && nodeY <= view.top + view.height + MARGIN)
        );
      })
    : layout.nodes;
  return (
    <>
      <form
        class="graph-tools"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const found = findTask(layout, search);
          setNotFound(found === undefined ? search.trim() : undefined);
          if (found !== undefined) go(found);
        }}
      >
        <label>
          Find task <input type="search" value={search} onInput={(event) => setSearch((event.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit">Find</button>
        <span role="status" class="muted small">
          {notFound !== undefined ? `No task matches "${notFound}".` : windowed ? `${layout.nodes.length} tasks; arrow keys move between them.` : ''}
        </span>
      </form>
      <div class="graph-wrap" ref={wrap} onScroll={windowed ? measure : undefined}>
        <svg class="graph" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="group" aria-label={`Task graph, ${layout.nodes.length} tasks`}>
          <Edges layout={layout} />
          {visible.map((node) => (
            <TaskNode
              key={node.id}
              id={node.id}
              rank={node.rank}
              row={node.row}
              task={tasks.get(node.id)}
              executor={definitions.get(node.id)?.executor.type ?? 'task'}
              selected={node.id === selected}
              onSelect={onSelect}
              onMove={onMove}
            />
          ))}
        </svg>
      </div>
      <ul class="legend" aria-label="Legend">
        {LEGEND.map(([kind, text]) => (
          <li key={kind}>
            <svg width="22" height="14" aria-hidden="true" class="graph">
              <g class={`node ${kind}`}>
                <rect x="1" y="1" width="20" height="12" rx="3" />
                {kind.includes('compensated') ? <rect class="undo" x="3" y="3" width="16" height="8" rx="2" /> : null}
              </g>
            </svg>
            {text}
          </li>
        ))}
      </ul>
    </>
  );
}

const LEGEND: readonly (readonly [string, string])[] = [
  ['st-running', 'running'],
  ['st-completed', 'completed'],
  ['st-failed', 'failed'],
  ['st-awaiting_input', 'waits for a human'],
  ['st-retry_wait', 'retrying'],
  ['st-skipped', 'skipped'],
  ['st-cancelled', 'cancelled'],
  ['st-completed compensated', 'compensated'],
  ['st-completed subrun', 'sub-workflow'],
];
