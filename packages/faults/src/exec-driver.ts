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

/**
 * Shell hooks, for clusters sessionchaos cannot reach itself (`kubectl delete pod ...`,
 * `docker compose restart web`, `ssh ...`). A hook that exits non-zero is a failed fault with its
 * output, never a crash. The hook sees SESSIONCHAOS_FAULT and SESSIONCHAOS_VICTIMS in its environment.
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
    return { victims: names, detail: result.output || undefined, undo };
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
