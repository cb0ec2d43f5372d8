/** Registers draft `draftId` to run, approved by `actor`; resolves with the registered workflow. */
export type ApproveDraft = (draftId: string, actor: string) => Promise<{ readonly workflowId: string; readonly version: string }>;
