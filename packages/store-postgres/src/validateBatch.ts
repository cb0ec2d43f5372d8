import { TroupeError, type RunCommit } from '@troupe/sdk';

/**
 * Checks a batch against the runs' current last seq (read under a row lock)
 * before anything is written: a new run starts its log at 1, every commit
 * continues its run's log with no gap, and the header's seq is the last
 * event's. Later commits of the same run in one batch continue earlier ones.
 * Returns the last seq of every run in the batch.
 */
export function validateBatch(batch: readonly RunCommit[], currentSeq: ReadonlyMap<string, number>): Map<string, number> {
  const planned = new Map<string, number>();
  for (const commit of batch) {
    const { runId } = commit;
    const known = planned.get(runId) ?? currentSeq.get(runId);
    if (commit.created && known !== undefined) throw new TroupeError('E_RUN_EXISTS', { runId });
    if (!commit.created && known === undefined) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
    let seq = known ?? 0;
    for (const event of commit.events) {
      if (event.seq !== seq + 1 || event.runId !== runId) {
        throw new TroupeError('E_STORE_CONFLICT', { runId, seq: event.seq, expectedSeq: seq + 1 });
      }
      seq = event.seq;
    }
    if (commit.header.runId !== runId || commit.header.seq !== seq) {
      throw new TroupeError('E_STORE_CONFLICT', { runId, seq: commit.header.seq, expectedSeq: seq });
    }
    planned.set(runId, seq);
  }
  return planned;
}
