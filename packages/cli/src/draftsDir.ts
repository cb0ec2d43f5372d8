import { join } from 'node:path';
import { WorkflowDrafts } from '@troupe/runtime';

/** Where the CLI keeps workflow drafts: `.troupe/drafts` beside the config. */
export function draftsOf(baseDir: string): WorkflowDrafts {
  return new WorkflowDrafts(join(baseDir, '.troupe', 'drafts'));
}
