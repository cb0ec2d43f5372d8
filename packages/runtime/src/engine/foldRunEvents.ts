import type { RunEvent, RunState } from '@troupe/sdk';
import { RunFold } from './RunFold.js';

/**
 * The state of a run as the fold of its whole event log (which starts with
 * `run.created`). Pure: the engine's live state must always equal this.
 */
export function foldRunEvents(events: readonly RunEvent[]): RunState {
  const [first, ...rest] = events;
  if (first === undefined) throw new Error('an empty event log has no run state');
  const fold = RunFold.created(first);
  for (const event of rest) fold.apply(event);
  return fold.snapshot();
}
