import { Component } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TaskDefinition, TaskState } from '@troupe/sdk';
import type { DagLayout } from '../model/layoutDag.js';

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
}

/** One task box; re-renders only when its own state or selection changes (2,000 of them per frame otherwise). */
class TaskNode extends Component<TaskNodeProps> {
  override shouldComponentUpdate(next: TaskNodeProps): boolean {
    return next.task !== this.props.task || next.selected !== this.props.selected || next.executor !== this.props.executor || next.rank !== this.props.rank || next.row !== this.props.row;
  }

  override render() {
    const { id, rank, row, task, executor, selected, onSelect } = this.props;
    const status = task?.status ?? 'pending';
    const marks = [
      task && task.attempt > 1 ? `attempt ${task.attempt}` : '',
      status === 'retry_wait' ? 'retrying' : '',
      task?.compensated ? 'compensated' : '',
      task?.childRunId ? 'sub-workflow' : '',
    ].filter((mark) => mark !== '');
    const label = `${id}: ${status.replace('_', ' ')}${marks.length > 0 ? `, ${marks.join(', ')}` : ''}`;
    return (
      <g
        class={`node st-${status}${selected ? ' selected' : ''}${task?.compensated ? ' compensated' : ''}`}
        transform={`translate(${x(rank)},${y(row)})`}
        role="button"
        tabIndex={0}
        aria-label={label}
        aria-pressed={selected}
        data-task={id}
        data-status={status}
        onClick={() => onSelect(id)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onSelect(id);
          }
        }}
      >
        <title>{label}</title>
        <rect width={NODE_W} height={NODE_H} rx={6} />
        <text x={8} y={16} class="name">
          {id.length > 22 ? `${id.slice(0, 21)}…` : id}
        </text>
        <text x={8} y={32} class="sub">
          {executor} · {status.replace('_', ' ')}
          {marks.length > 0 ? ` · ${marks.join(' · ')}` : ''}
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
const WINDOW_ABOVE = 300;
const MARGIN = 400;

/** The run's task graph as a left-to-right DAG coloured by task status. */
export function TaskGraph({ layout, definitions, tasks, selected, onSelect }: TaskGraphProps) {
  const width = PAD * 2 + Math.max(1, layout.ranks) * COL - (COL - NODE_W);
  const height = PAD * 2 + Math.max(1, layout.rows) * ROW - (ROW - NODE_H);
  const wrap = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ left: 0, top: 0, width: 1600, height: 900 });
  const windowed = layout.nodes.length > WINDOW_ABOVE;
  const measure = (): void => {
    const element = wrap.current;
    if (element) setView({ left: element.scrollLeft, top: element.scrollTop, width: element.clientWidth, height: element.clientHeight });
  };
  useLayoutEffect(measure, [windowed]);
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
          />
        ))}
      </svg>
    </div>
  );
}
