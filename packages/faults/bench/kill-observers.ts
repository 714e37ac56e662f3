// Observers of the kill bench: each holds a TCP connection open to a victim and reports, on the
// process-wide monotonic clock (hrtime, CLOCK_MONOTONIC: the same in every thread and process), when
// it closed, which is when the victim died as a client sees it.
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';

/** When a watched connection closed (hrtime ms), and whether it had been open at all. */
export interface Closed {
  connected: boolean;
  closedHrMs: number;
}

/**
 * Through the published port (127.0.0.1, Docker's userland proxy in between): one TCP connection
 * to each victim, held in a thread of its own, and reports (on the process's
 * monotonic clock) when each one closes: the moment the victim died as a client sees it, not delayed
 * by this bench's main loop, which runs the fault runner and the engine calls.
 */
export function startObserver(): {
  watch: (i: number, port: number) => Promise<Closed>;
  onOpen: (listener: (i: number) => void) => void;
  stop: () => Promise<void>;
} {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
    const { connect } = require('node:net');
    const sockets = new Set();
    parentPort.on('message', (m) => {
      let connected = false;
      const socket = connect(m.port, '127.0.0.1', () => { connected = true; parentPort.postMessage({ i: m.i, open: true }); });
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        const closedHrMs = Number(process.hrtime.bigint()) / 1e6;
        sockets.delete(socket);
        parentPort.postMessage({ i: m.i, connected, closedHrMs });
      });
    });`,
    { eval: true },
  );
  const waiting = new Map<number, (r: Closed) => void>();
  let opened = (_i: number): void => {};
  worker.on('message', (m: { i: number; open?: true; connected: boolean; closedHrMs: number }) => {
    if (m.open) return opened(m.i);
    waiting.get(m.i)?.(m);
    waiting.delete(m.i);
  });
  return {
    watch: (i, port) =>
      new Promise((resolve) => {
        waiting.set(i, resolve);
        worker.postMessage({ i, port });
      }),
    onOpen: (listener) => (opened = listener),
    stop: async () => {
      // The run is over: connections still open are not measurements.
      for (const resolve of waiting.values()) resolve({ connected: false, closedHrMs: NaN });
      waiting.clear();
      await worker.terminate();
    },
  };
}

/**
 * Straight in each victim's network namespace: a connection to 127.0.0.1:9000 there, with no Docker
 * proxy in between, as the balancer beside a node would see it. One small Python process (Node cannot
 * setns) creates each socket inside the victim's namespace and waits on them all with poll; its
 * time.monotonic_ns is CLOCK_MONOTONIC, the clock of process.hrtime. Needs root and python3. It
 * runs at a higher priority (nice -10) when allowed, as the signal thread does.
 */
export function startNetnsObserver(): {
  watch: (i: number, pid: number) => { opened: Promise<boolean>; closed: Promise<Closed> };
  stop: () => void;
} {
  const child = spawn('python3', ['-c', NETNS_OBSERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<number, { open: (ok: boolean) => void; close: (c: Closed) => void }>();
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = out.split('\n');
    out = lines.pop()!;
    for (const line of lines) {
      const [what, i, at] = line.split(' ');
      const w = waiting.get(Number(i));
      if (what === 'open') w?.open(true);
      if (what === 'failed') {
        w?.open(false);
        w?.close({ connected: false, closedHrMs: NaN });
      }
      if (what === 'closed') w?.close({ connected: true, closedHrMs: Number(at) });
    }
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
    for (const w of waiting.values()) w.close({ connected: false, closedHrMs: NaN });
  });
  // Written to after it exited (the bench stopping): the watch below answers "not connected".
  child.stdin.on('error', () => undefined);
  return {
    watch: (i, pid) => {
      if (exited) {
        const none = { connected: false, closedHrMs: NaN };
        return { opened: Promise.resolve(false), closed: Promise.resolve(none) };
      }
      let open = (_: boolean): void => {};
      let close = (_: Closed): void => {};
      const opened = new Promise<boolean>((r) => (open = r));
      const closed = new Promise<Closed>((r) => (close = r));
      waiting.set(i, {
        open,
        close: (c) => {
          open(false);
          close(c);
        },
      });
      child.stdin.write(`${i} ${pid}\n`);
      return { opened, closed };
    },
    stop: () => {
      child.kill('SIGKILL');
    },
  };
}

const NETNS_OBSERVER = `
import ctypes, os, select, socket, sys, time
CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)
try:
    os.nice(-10)  # a measuring instrument that wakes late would blame the kill for its own lag
except OSError:
    pass
home = os.open('/proc/self/ns/net', os.O_RDONLY)
poll = select.poll()
stdin = sys.stdin.fileno()
poll.register(stdin, select.POLLIN)
socks = {}
buf = b''
def say(line):
    sys.stdout.write(line + '\\n')
    sys.stdout.flush()
while True:
    for fd, _ in poll.poll():
        if fd != stdin:
            at = time.monotonic_ns() / 1e6
            i, s = socks.pop(fd)
            poll.unregister(fd)
            s.close()
            say('closed %s %f' % (i, at))
            continue
        data = os.read(stdin, 4096)
        if not data:
            sys.exit(0)
        buf += data
        while b'\\n' in buf:
            line, buf = buf.split(b'\\n', 1)
            i, pid = line.decode().split()
            try:
                ns = os.open('/proc/%s/ns/net' % pid, os.O_RDONLY)
                if libc.setns(ns, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), 'setns')
                try:
                    s = socket.socket()
                finally:
                    libc.setns(home, CLONE_NEWNET)
                    os.close(ns)
                s.settimeout(2)
                s.connect(('127.0.0.1', 9000))
                socks[s.fileno()] = (i, s)
                poll.register(s.fileno(), select.POLLIN | select.POLLHUP | select.POLLERR)
                say('open %s' % i)
            except Exception as e:
                say('failed %s %s' % (i, e))
`;
