import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { endsSession, isVuOp, type VuOp } from '@sessionchaos/core';

const exec = promisify(execFile);

/**
 * Whether `host` served the most live sessions (ties included) at some instant of [fromMs, toMs),
 * counted from the history as the run's own tracker counts them: a user's session is on the node of
 * its last authenticated answer until it logs out or is refused. The run decides the victim of a
 * kill about a second ahead of it (to arm the signal), at an instant the history does not record.
 */
export function wasBusiest(history: string, host: string, fromMs: number, toMs: number): [boolean, string] {
  const nodeOf = new Map<number, string>();
  const counts = (): Map<string, number> => {
    const out = new Map<string, number>();
    for (const node of nodeOf.values()) out.set(node, (out.get(node) ?? 0) + 1);
    return out;
  };
  let seen = '';
  for (const line of history.split('\n')) {
    if (!line) continue;
    const op = JSON.parse(line) as VuOp;
    if (!isVuOp(op) || op.type === 'invoke') continue;
    if (op.time >= toMs) break;
    if (op.time >= fromMs) {
      const now = counts();
      seen = JSON.stringify([...now]);
      if ((now.get(host) ?? 0) === Math.max(...now.values())) return [true, seen];
    }
    if (endsSession(op) || op.status === 401 || op.status === 403 || op.identity === null)
      nodeOf.delete(op.process);
    else if (
      op.node &&
      op.status !== undefined &&
      op.status < 300 &&
      ['login', 'whoami', 'write', 'read'].includes(op.step)
    )
      nodeOf.set(op.process, op.node);
  }
  return [false, seen];
}

/** Whether a container of the project opens a TCP connection to `host:port` within 1.5 s (node in the replica). */
export async function reaches(container: string, [host, port]: readonly [string, number]): Promise<boolean> {
  const probe =
    `const s=require('net').connect(${port},'${host}');s.setTimeout(1500);` +
    "s.on('connect',()=>process.exit(0));s.on('timeout',()=>process.exit(1));s.on('error',()=>process.exit(1))";
  return exec('docker', ['exec', container, 'node', '-e', probe]).then(
    () => true,
    () => false,
  );
}
