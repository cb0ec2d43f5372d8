/**
 * The bytes every connection together holds for its client: frames queued in
 * the server and payloads handed to sockets that are not written yet. Each
 * SendQueue adds and releases its own; when the total is over the limit the
 * queues shrink to `pressureBytes` each (see SendQueue).
 */
export class StreamBudget {
  private heldBytes = 0;

  constructor(readonly limitBytes: number) {}

  get held(): number {
    return this.heldBytes;
  }

  get over(): boolean {
    return this.heldBytes > this.limitBytes;
  }

  add(bytes: number): void {
    this.heldBytes += bytes;
  }

  release(bytes: number): void {
    this.heldBytes = Math.max(0, this.heldBytes - bytes);
  }
}
