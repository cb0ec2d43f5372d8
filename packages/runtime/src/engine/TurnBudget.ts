/** How long the engine runs on microtasks alone before it lets timers and I/O in. */
const DEFAULT_BUDGET_MS = 10;

/**
 * Keeps the event loop turning under tools that answer synchronously. Such
 * a tool's result, its commit (strict durability) and its dependants' start
 * are all microtasks, so a chain of thousands of steps or a forEach of
 * thousands of elements ran without one macrotask turn: no timer fired (run
 * and task timeouts included), no cancel, REST call or websocket frame got
 * in until the whole run ended. A burst starts at the first check after a
 * turn; once it lasted the budget, whoever checks waits for the next turn.
 */
export class TurnBudget {
  private burstStart = -1;
  private nextTurn: Promise<void> | undefined;

  constructor(private readonly budgetMs = DEFAULT_BUDGET_MS) {}

  /**
   * Undefined while the burst is within budget; else the next turn, to await
   * and then check again. Everyone waiting shares one turn: they go on
   * together (their results join one commit) until the new burst is spent,
   * and the rest waits for the turn after.
   */
  check(): Promise<void> | undefined {
    if (this.nextTurn) return this.nextTurn;
    if (this.burstStart < 0) {
      this.burstStart = performance.now();
      // Runs only once the microtask queue drained: the burst is over.
      setImmediate(this.endBurst);
      return undefined;
    }
    if (performance.now() - this.burstStart < this.budgetMs) return undefined;
    return (this.nextTurn = new Promise<void>((resolve) =>
      setImmediate(() => {
        this.nextTurn = undefined;
        resolve();
      }),
    ));
  }

  private readonly endBurst = (): void => {
    this.burstStart = -1;
  };
}
