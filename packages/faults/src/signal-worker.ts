// The thread that sends armed signals at their instant (see signal-scheduler.ts). It never returns to
// an event loop: it sleeps in Atomics.wait until the next instant or until the main thread posts,
// so traffic on the main thread's loop cannot make a signal late.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { startTicks } from './container-process.ts';
import type { ToSignalWorker } from './signal-scheduler.ts';

const { port, control } = workerData as { port: MessagePort; control: SharedArrayBuffer };
const wake = new Int32Array(control);
const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6;

// A kill must not wait for a busy machine's scheduler: a higher priority when allowed (root), else as is.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
  setPriority(tid, -10);
} catch {
  // Not permitted (not root) or not Linux: the thread still runs apart from the main loop.
}

const armed = new Map<number, Extract<ToSignalWorker, { type: 'arm' }>>();

function fire(arm: Extract<ToSignalWorker, { type: 'arm' }>): void {
  armed.delete(arm.id);
  // Checked and sent with nothing in between: a pid reused by another process is never signalled.
  if (startTicks(arm.pid) !== arm.startTicks) {
    port.postMessage({
      id: arm.id,
      sent: false,
      reason: `its pid ${arm.pid} is gone or reused (it exited or restarted)`,
    });
    return;
  }
  // Read before the call: the target can die and be reaped before kill() returns to this thread,
  // and the instant must not come after the death it caused.
  const effectHrMs = hrMs();
  try {
    process.kill(arm.pid, arm.signal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    port.postMessage({ id: arm.id, sent: false, reason: `process.kill(${arm.pid}) failed: ${code}` });
    return;
  }
  port.postMessage({ id: arm.id, sent: true, pid: arm.pid, effectHrMs });
}

for (;;) {
  const seen = Atomics.load(wake, 0);
  let closed = false;
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const message = m.message as ToSignalWorker;
    if (message.type === 'arm') armed.set(message.id, message);
    else if (message.type === 'disarm') {
      if (armed.delete(message.id)) port.postMessage({ id: message.id, sent: false, reason: 'disarmed' });
    } else closed = true;
  }
  if (closed) break;
  let next = Infinity;
  for (const arm of armed.values()) {
    if (arm.atHrMs <= hrMs()) fire(arm);
    else next = Math.min(next, arm.atHrMs);
  }
  const wait = next - hrMs();
  if (wait > 0) Atomics.wait(wake, 0, seen, wait);
}
port.close();
