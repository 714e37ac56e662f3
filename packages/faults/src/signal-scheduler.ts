import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/** A signal to send at an instant, checked against the process's start time first. */
export interface ArmedSignal {
  pid: number;
  /** Start time of the process (field 22 of /proc/<pid>/stat) when it was learned. */
  startTicks: string;
  signal: NodeJS.Signals | number;
}

/** What an armed signal did: sent at `effectAt` (run clock), or not, and why. */
export type ArmedResult =
  { sent: true; pid: number; effectAt: number; ahead?: true } | { sent: false; reason: string };

/** A signal armed on the signal thread: how to disarm it, and what it did. */
export interface Armed {
  id: number;
  result: Promise<ArmedResult>;
}

/** Messages to the signal thread. */
export type ToSignalWorker =
  | ({ type: 'arm'; id: number; atHrMs: number } & ArmedSignal)
  | { type: 'disarm'; id: number }
  | { type: 'close' };

type FromSignalWorker =
  { id: number; sent: true; pid: number; effectHrMs: number } | { id: number; sent: false; reason: string };

const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * Sends signals at planned instants from a thread of their own. The main thread's event loop runs
 * the traffic, the engine calls and the history: under load a timer on it fires hundreds of ms late
 * (p99 918 ms measured), while a thread that sleeps until the instant (Atomics.wait) and then
 * checks the pid and signals it is not queued behind any of that. Instants are run-clock times,
 * turned into the process-wide monotonic clock (hrtime) that both threads read.
 */
export class SignalScheduler {
  #worker: Worker | undefined;
  #port: MessagePort | undefined;
  #wake: Int32Array | undefined;
  #id = 0;
  readonly #waiting = new Map<number, (result: FromSignalWorker) => void>();

  /** Arms `target` to be signalled when the run clock `now` reads `atMs`; resolves when it was sent, or not. */
  arm(target: ArmedSignal, atMs: number, now: () => number): Armed {
    const id = ++this.#id;
    const atHrMs = hrMs() + (atMs - now());
    this.#post({ type: 'arm', id, atHrMs, ...target });
    this.#port!.ref();
    const result = new Promise<ArmedResult>((resolve) => {
      this.#waiting.set(id, (m) => {
        // Back on the run clock: the time since the signal, on the shared clock, before now.
        resolve(
          m.sent
            ? { sent: true, pid: m.pid, effectAt: now() - (hrMs() - m.effectHrMs), ahead: true }
            : { sent: false, reason: m.reason },
        );
      });
    });
    return { id, result };
  }

  /** Cancels an armed signal; its result says `disarmed`, unless it was already sent. */
  disarm(id: number): void {
    if (this.#waiting.has(id)) this.#post({ type: 'disarm', id });
  }

  /** Stops the thread; signals still armed are dropped (their results say so). */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    const exited = new Promise((r) => worker.once('exit', r));
    // Held until it has exited: an unref'd thread would let the process end before it says so.
    worker.ref();
    this.#post({ type: 'close' });
    this.#worker = undefined;
    await exited;
    this.#fail('the signal thread was closed');
  }

  #fail(reason: string): void {
    this.#worker = undefined;
    for (const [id, resolve] of this.#waiting) resolve({ id, sent: false, reason });
    this.#waiting.clear();
  }

  /**
   * Starts the thread now rather than at the first `arm`: loading it takes a second or more on a
   * busy machine, which a signal armed 1 s ahead cannot wait for.
   */
  start(): void {
    if (!this.#worker) this.#start();
  }

  #post(message: ToSignalWorker): void {
    this.start();
    this.#port!.postMessage(message);
    Atomics.add(this.#wake!, 0, 1);
    Atomics.notify(this.#wake!, 0);
  }

  #start(): void {
    const control = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    // Built to dist/ the worker is a .js file beside this one; from source, the .ts itself.
    const file = import.meta.url.endsWith('.ts') ? './signal-worker.ts' : './signal-worker.js';
    this.#worker = new Worker(new URL(file, import.meta.url), {
      workerData: { port: port2, control },
      transferList: [port2],
    });
    this.#worker.unref();
    port1.on('message', (m: FromSignalWorker) => {
      const resolve = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      // Held open only while a result is awaited: an idle scheduler never keeps the process alive.
      if (this.#waiting.size === 0) port1.unref();
      resolve?.(m);
    });
    // A thread that died (it could not load, say) answers every armed signal: the engine does them.
    this.#worker.once('error', (error) => this.#fail(`the signal thread failed: ${error.message}`));
    port1.unref();
    this.#port = port1;
    this.#wake = new Int32Array(control);
  }
}
