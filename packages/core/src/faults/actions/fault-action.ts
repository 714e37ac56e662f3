import type { Field } from '../../scenario/fields/field.ts';
import type { FaultRole, FaultTarget } from '../fault-target.ts';

/** How an app node shows on the dashboard while a fault holds it (the dashboard's node states but `up`). */
export type HeldNodeState = 'down' | 'paused' | 'partitioned' | 'restarting' | 'degraded';

/**
 * A param's name as a scenario file writes it: durations lose their `Ms` (`timeout: 30s` becomes
 * `timeoutMs`, resolve-faults.ts), every other name is the same.
 */
export type ParamInputName<K> = K extends 'timeoutMs'
  ? 'timeout'
  : K extends 'confirmTimeoutMs'
    ? 'confirmTimeout'
    : K;

/** What an action's own check is given: its params (as resolved, still unchecked), the target, a way to report. */
export interface FaultActionCheck<P> {
  params: Readonly<P>;
  target: FaultTarget;
  /** `--allow-exec` was given for this run. */
  allowExec: boolean;
  /** Reports a problem at `field` of the fault (`params.latencyMs`, `target.role`, or `''` for the fault). */
  err(field: string, message: string): void;
}

/** A dashboard key that injects this action (the CLI plans it like a scheduled fault, held 10 s). */
export interface FaultActionKey {
  /** The character typed. */
  key: string;
  /** The command it sends (`pause-node`), unique across the registry. */
  command: string;
  /** How the help overlay says it. */
  description: string;
  target: FaultTarget;
  select?: 'one' | 'busiest';
  /** The params it injects with (an action whose params are required gives them here). */
  params?: Readonly<Record<string, number | string>>;
}

/**
 * One fault action, declared once (ESLint's rule `meta`): its name, what it applies to, whether its effect lasts
 * until healed, its params' field rows (the JSON Schema, `docs/scenario-reference.md` and the validator's list of
 * valid params are built from them), its own checks, how the dashboard and its keys show it, and its `--dry-run`
 * wording. Pure data and pure functions: `validate` loads it. Its driver operations (apply, confirm, heal) live in
 * `packages/faults/src/actions/`, under the same name.
 */
export interface FaultActionDef<N extends string = string, P extends object = object> {
  readonly name: N;
  /** One sentence: what it does to its victims, for the reference and the action field's description. */
  readonly summary: string;
  /** True when its effect holds until healed (a repeated one then needs a duration); false for an instant one. */
  readonly lasting: boolean;
  /** The roles it applies to; absent: any role, container, label or Compose service. */
  readonly roles?: readonly FaultRole[];
  /** False when it needs no target (a shell hook); default true. */
  readonly needsTarget?: boolean;
  /** A field row per param, keyed as a scenario writes it. */
  readonly params: { readonly [K in keyof P as ParamInputName<K>]-?: Field };
  /** Its params' rules beyond their field rows' schema (every problem reported). */
  readonly check?: (c: FaultActionCheck<P>) => void;
  /** How an app node it hits shows on the dashboard while it holds; absent: unchanged. */
  readonly nodeState?: HeldNodeState;
  /** True when it takes a store server it hits down (the dashboard's Redis panel shows it down). */
  readonly takesStoreDown?: boolean;
  /** Dashboard keys that inject it. */
  readonly keys?: readonly FaultActionKey[];
  /** Its `--dry-run` line's "what" (default `<name> <target>`). */
  readonly describe?: (params: Readonly<P>, target: string) => string;
  /** Never set: carries `P` so the registry can build `FaultParams` from its entries. */
  readonly paramsType?: P;
}

/**
 * Declares a fault action whose params are `P`: `faultAction<LatencyParams>()({ name: 'latency', ... })`
 * (curried so that the name is inferred while `P` is given).
 */
export function faultAction<P extends object = Record<never, never>>() {
  return <const N extends string>(def: FaultActionDef<N, P>): FaultActionDef<N, P> => def;
}
