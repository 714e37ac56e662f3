import { LIMITS } from '../../scenario/limits.ts';
import { duration, type Field } from '../../scenario/fields/field.ts';
import { faultAction } from './fault-action.ts';

/** `exec`'s params: a shell hook, its heal, and how its effect is confirmed. */
export interface ExecParams {
  command?: string;
  healCommand?: string;
  /** How long each command may take (also how long `failover` waits for an election). */
  timeoutMs?: number;
  /**
   * A shell command run after the hook, again until it exits 0 or `confirmTimeoutMs` runs out (default 10 s);
   * exit 0 confirms the hook's effect (`kubectl get pod ... | grep Terminating`). Without it, the hook's own exit
   * 0 is the confirmation.
   */
  confirm?: string;
  confirmTimeoutMs?: number;
}

const text = (description: string, example: string): Field => ({
  type: 'string',
  description,
  example,
  schema: { type: 'string', minLength: 1 },
});

/** The row of `timeout`, shared by `exec` and `failover`. */
export const TIMEOUT_FIELD: Field = {
  ...duration(
    '`exec`: how long each command may take; `failover`: how long to wait for the election.',
    '30s',
  ),
  // The defaults live in the faults package (exec-driver.ts, redis-driver.ts), which core cannot import.
  defaultText: '`60s` for exec, `30s` for failover',
};

/** `exec`: a shell hook of the user's own (needs --allow-exec); its heal command runs when healed. */
export const exec = faultAction<ExecParams>()({
  name: 'exec',
  summary: 'runs a shell hook (`command`, needs --allow-exec); `healCommand` heals it.',
  lasting: false,
  needsTarget: false,
  params: {
    command: text(
      '`exec` (required): the shell command that injects the fault (needs --allow-exec); SESSIONCHAOS_FAULT names the occurrence.',
      'docker compose -p shop kill web-2',
    ),
    healCommand: text('`exec`: the shell command that heals it.', 'docker compose -p shop up -d web-2'),
    timeout: TIMEOUT_FIELD,
    confirm: text(
      "`exec`: a command run after the hook until it exits 0 (or confirmTimeout runs out); exit 0 confirms the effect. Absent: the hook's own exit 0 confirms it.",
      'kubectl get pod web-0 | grep Terminating',
    ),
    confirmTimeout: duration('`exec`: how long `confirm` is retried.', '30s', 10_000),
  },
  check({ params: p, allowExec, err }) {
    if (p.confirm !== undefined && (typeof p.confirm !== 'string' || p.confirm.trim() === ''))
      err('params.confirm', 'confirm must be a shell command whose exit 0 confirms the effect');
    if (
      p.confirmTimeoutMs !== undefined &&
      !(p.confirmTimeoutMs > 0 && p.confirmTimeoutMs <= LIMITS.maxDurationMs)
    )
      err('params.confirmTimeout', 'confirmTimeout must be above 0 and at most 7 days (e.g. 10s)');
    if (!p.command) err('params.command', 'exec needs params.command (a shell command)');
    if (!allowExec) err('', 'runs a shell command; allow shell hooks for this run with --allow-exec');
  },
  describe: (p) => `exec: ${p.command ?? ''}`,
});
