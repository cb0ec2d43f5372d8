/** Thrown inside an attempt when a guardrail wants a human to approve first; the attempt then waits. */
export class ApprovalRequired {
  constructor(
    readonly phase: 'input' | 'output',
    /** What the task goes on with once approved. */
    readonly payload: unknown,
    /** What the approver is shown. */
    readonly reason: string,
    /** The guardrails that asked. */
    readonly guardrailIds: readonly string[],
  ) {}
}
