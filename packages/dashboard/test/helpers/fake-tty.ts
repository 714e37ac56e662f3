import { EventEmitter } from 'node:events';

/**
 * Stand-ins for a terminal's stdout and stdin (a real TTY cannot be had inside ava), shaped like
 * ink-testing-library's own: frames are kept, typed keys are emitted as Ink reads them.
 */
export class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 120;
  readonly rows = 60;
  readonly frames: string[] = [];
  write = (frame: string, ...rest: unknown[]): boolean => {
    this.frames.push(frame);
    // Ink waits for the write callbacks before unmount settles.
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (callback) queueMicrotask(callback);
    return true;
  };
}

/** A terminal's stdin: raw mode is accepted, `type()` sends keys. */
export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  #data: string | null = null;
  type(data: string): void {
    this.#data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => {
    const d = this.#data;
    this.#data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** Waits until `check` holds, polling on the event loop (no fixed sleeps: the bound is ava's timeout). */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}
