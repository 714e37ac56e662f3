/** Holds VUs between iterations while traffic is paused (the dashboard's space key). */
export class PauseGate {
  #resume: (() => void) | undefined;
  #wait: Promise<void> | undefined;

  get paused(): boolean {
    return this.#wait !== undefined;
  }

  /** Pauses, or resumes when paused; returns whether traffic is now paused. */
  toggle(): boolean {
    if (this.#wait) this.resume();
    else this.#wait = new Promise((resolve) => (this.#resume = resolve));
    return this.paused;
  }

  resume(): void {
    this.#resume?.();
    this.#wait = undefined;
    this.#resume = undefined;
  }

  /** Resolves at once when running, or when traffic resumes. */
  wait(): Promise<void> {
    return this.#wait ?? Promise.resolve();
  }
}
