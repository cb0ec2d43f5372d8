import { TroupeError } from '@troupe/sdk';

/**
 * E_WORKFLOW_INVALID with every problem found: each diagnostic is a
 * TroupeError with its own code (E_TASK_CYCLE, E_EXPRESSION_INVALID, …).
 */
export class WorkflowInvalidError extends TroupeError {
  readonly diagnostics: readonly TroupeError[];

  constructor(workflowId: string, diagnostics: readonly TroupeError[]) {
    super('E_WORKFLOW_INVALID', {
      workflowId,
      problems: diagnostics.map((d) => `${d.code}: ${d.message}`),
      codes: diagnostics.map((d) => d.code),
    });
    this.diagnostics = diagnostics;
  }
}
