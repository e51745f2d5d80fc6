/**
 * The client's asynchronous handshake steps that are still running (reading or writing the vault),
 * so `shutdown()` can wait for them. NOTE: a step resumed after `stop()` still finishes its write
 * (a new identity, a device token); forgetting the gateway deletes its vault only after that, or
 * the key pair written by a handshake in flight survived Forget.
 */
export class InFlight {
  private readonly steps = new Set<Promise<unknown>>()

  /** Runs `step` to its end in the background (its errors are the step's own to handle). */
  track(step: Promise<unknown>): void {
    const settled = step.then(
      () => undefined,
      () => undefined,
    )
    this.steps.add(settled)
    void settled.then(() => this.steps.delete(settled))
  }

  /** Resolves once no step is running, including steps started by the ones awaited. */
  async settled(): Promise<void> {
    while (this.steps.size > 0) await Promise.all([...this.steps])
  }
}
