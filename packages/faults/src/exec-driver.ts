import type { FaultAction } from '@sessionchaos/core';
import {
  FaultError,
  type FaultDriver,
  type InjectRequest,
  type Injection,
  type UndoStep,
} from './fault-driver.ts';
import { runCommand } from './run-command.ts';

const DEFAULT_TIMEOUT_MS = 60_000;
/** How long an exec fault's `confirm` command is retried by default. */
export const DEFAULT_CONFIRM_MS = 10_000;
/** Pause between two tries of a `confirm` command. */
const CONFIRM_RETRY_MS = 250;

/**
 * Runs `command` until it exits 0 (the hook's effect is confirmed; its output is returned) or
 * `timeoutMs` runs out: then a FaultError with its last exit code and output tail. A hook that
 * exits 0 may still have done nothing (`kubectl delete` of a pod that a controller restores at
 * once): only the effect, seen from outside, makes the fault count.
 */
async function confirmEffect(command: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<string> {
  const end = performance.now() + timeoutMs;
  for (let tries = 1; ; tries++) {
    const left = Math.max(1, end - performance.now());
    const result = await runCommand(['/bin/sh', '-c', command], left, env);
    if (result.code === 0 && !result.timedOut) return result.output;
    if (performance.now() + CONFIRM_RETRY_MS >= end) {
      const last = result.timedOut ? 'timed out' : `exited with ${result.code ?? result.signal}`;
      throw new FaultError(
        `effect not confirmed: the confirm command did not exit 0 within ${timeoutMs} ms ` +
          `(${tries} tries, the last ${last}): ${command}`,
        result.output,
      );
    }
    await new Promise((r) => setTimeout(r, CONFIRM_RETRY_MS));
  }
}

/**
 * Shell hooks, for clusters sessionchaos cannot reach itself (`kubectl delete pod ...`,
 * `docker compose restart web`, `ssh ...`). A hook that exits non-zero is a failed fault with its
 * output, never a crash. The hook sees SESSIONCHAOS_FAULT and SESSIONCHAOS_VICTIMS in its environment;
 * so does its optional `confirm` command, retried after it until it exits 0 (see confirmEffect).
 */
export class ExecDriver implements FaultDriver {
  readonly name = 'exec';
  readonly actions: readonly FaultAction[] = ['exec'];

  async setup(): Promise<void> {}
  async teardown(): Promise<void> {}

  async inject({ key, spec, victims, onUndo }: InjectRequest): Promise<Injection> {
    const command = spec.params?.command;
    if (!command) throw new FaultError(`fault ${spec.id}: exec needs params.command`);
    const timeoutMs = spec.params?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const names = victims.map((v) => v.name);
    const undo: UndoStep[] = [];
    if (spec.params?.healCommand) {
      const step: UndoStep = { kind: 'exec', command: spec.params.healCommand, timeoutMs };
      // Journaled first: if the hook half-works and we crash, `heal` still runs the heal command.
      await onUndo(step);
      undo.push(step);
    }
    const result = await runCommand(['/bin/sh', '-c', command], timeoutMs, {
      SESSIONCHAOS_FAULT: key,
      SESSIONCHAOS_VICTIMS: names.join(','),
    });
    if (result.timedOut)
      throw new FaultError(`hook timed out after ${timeoutMs} ms: ${command}`, result.output);
    if (result.code !== 0) {
      throw new FaultError(`hook exited with ${result.code ?? result.signal}: ${command}`, result.output);
    }
    const confirm = spec.params?.confirm;
    if (confirm === undefined) return { victims: names, detail: result.output || undefined, undo };
    const confirmed = await confirmEffect(confirm, spec.params?.confirmTimeoutMs ?? DEFAULT_CONFIRM_MS, {
      SESSIONCHAOS_FAULT: key,
      SESSIONCHAOS_VICTIMS: names.join(','),
    });
    const said = [result.output, confirmed].filter((s) => s !== '').join('\n');
    return { victims: names, detail: said || undefined, undo };
  }

  async undo(step: UndoStep): Promise<string | undefined> {
    if (step.kind !== 'exec') throw new FaultError(`the exec driver cannot undo a ${step.kind} step`);
    const result = await runCommand(['/bin/sh', '-c', step.command], step.timeoutMs);
    if (result.code !== 0) {
      throw new FaultError(
        `heal hook exited with ${result.code ?? result.signal}: ${step.command}`,
        result.output,
      );
    }
    return result.output || undefined;
  }
}
