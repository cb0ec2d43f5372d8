import { progressOfRunState, type RunState, type WorkflowProgress } from '@troupe/sdk';

/** WORKFLOW_UPDATE progress of a stored run, for snapshots of runs the stream has not seen live: the sdk's one definition. */
export function progressOfRun(state: RunState): WorkflowProgress {
  return progressOfRunState(state);
}
