import { randomBytes } from 'node:crypto';

/** A short random draft id, safe in file names and workflow ids: `d` and 8 hex digits. */
export function newDraftId(): string {
  return `d${randomBytes(4).toString('hex')}`;
}

/** The id a draft is registered under when approved: `generated.<draftId>`. */
export function generatedWorkflowId(draftId: string): string {
  return `generated.${draftId}`;
}
