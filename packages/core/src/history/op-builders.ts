import { completionType } from './completion-type.ts';
import type { FaultAction, FaultOp, Op, OpType, VuOp, VuStep } from './op.ts';
import { FAULT_PROCESS } from './op.ts';
import { VU_OP_FIELDS } from './binary-shapes.ts';

/** Fields a caller may set on a VU op built by hand (everything but the bookkeeping). */
export type VuFields = Partial<Omit<VuOp, 'index' | 'id' | 'type' | 'time' | 'process' | 'step'>>;

/** Fields a caller may set on a fault op built by hand. */
export type FaultFields = Partial<
  Omit<FaultOp, 'index' | 'id' | 'type' | 'time' | 'process' | 'fault' | 'action'>
>;

/**
 * Builds histories by hand, in time order, the way Jepsen's `invoke-op`/`ok-op`/`info-op` do:
 * it numbers `index` and pairs `id`s so tests only say what happened.
 *
 * ```ts
 * const h = new HistoryBuilder();
 * h.invoke(1, 'login', 0, { user: 'user-1' });
 * h.ok(1, 'login', 12, { status: 200, session: 'a1' });
 * ```
 */
export class HistoryBuilder {
  /** Ops built so far, in order. */
  readonly ops: Op[] = [];
  #nextId = 0;
  /**
   * Open invoke ids per process and step (or fault id), oldest first: a completion closes the
   * oldest, so concurrent probes of one VU complete in the order they were sent.
   */
  readonly #open = new Map<string, number[]>();

  /** An `invoke` of a VU step at `time` ms. */
  invoke(vu: number, step: VuStep, time: number, fields: VuFields = {}): VuOp {
    const id = this.#nextId++;
    this.#openId(`vu:${vu}:${step}`, id);
    return this.#pushVu('invoke', vu, step, time, id, fields);
  }

  /** The `ok` completion of the VU's open invoke. */
  ok(vu: number, step: VuStep, time: number, fields: VuFields = {}): VuOp {
    return this.#complete('ok', vu, step, time, fields);
  }

  /** The `fail` completion (definitely had no effect). */
  fail(vu: number, step: VuStep, time: number, fields: VuFields = {}): VuOp {
    return this.#complete('fail', vu, step, time, fields);
  }

  /** The `info` completion (unknown outcome: timeout, reset). */
  info(vu: number, step: VuStep, time: number, fields: VuFields = {}): VuOp {
    return this.#complete('info', vu, step, time, fields);
  }

  /**
   * An invoke and its completion in one call; `latency` defaults to the time between them, and
   * the type to what the traffic recorder would write for `done` ({@link completionType}).
   */
  step(
    vu: number,
    step: VuStep,
    start: number,
    end: number,
    invoke: VuFields,
    done: VuFields,
    type: OpType = completionType(step, done.status, done.redirectLoop),
  ): VuOp {
    this.invoke(vu, step, start, invoke);
    const fields = { latency: end - start, ...done };
    return this.#complete(type === 'invoke' ? 'ok' : type, vu, step, end, fields);
  }

  /** A fault's invoke. */
  faultInvoke(fault: string, action: FaultAction, time: number, fields: FaultFields = {}): FaultOp {
    const id = this.#nextId++;
    this.#openId(`fault:${fault}`, id);
    return this.#pushFault('invoke', fault, action, time, id, fields);
  }

  /** A fault's completion (`ok` by default). */
  faultDone(
    fault: string,
    action: FaultAction,
    time: number,
    fields: FaultFields = {},
    type: OpType = 'ok',
  ): FaultOp {
    const id = this.#takeOpen(`fault:${fault}`);
    return this.#pushFault(type, fault, action, time, id, fields);
  }

  /** A whole fault window: the action at `start`, its heal at `end`. */
  fault(fault: string, action: FaultAction, start: number, end: number, fields: FaultFields = {}): void {
    this.faultInvoke(fault, action, start, fields);
    this.faultDone(fault, action, start, fields);
    this.faultInvoke(fault, 'heal', end);
    this.faultDone(fault, 'heal', end);
  }

  #complete(type: OpType, vu: number, step: VuStep, time: number, fields: VuFields): VuOp {
    return this.#pushVu(type, vu, step, time, this.#takeOpen(`vu:${vu}:${step}`), fields);
  }

  #openId(key: string, id: number): void {
    const ids = this.#open.get(key);
    if (ids) ids.push(id);
    else this.#open.set(key, [id]);
  }

  #takeOpen(key: string): number {
    const id = this.#open.get(key)?.shift();
    if (id === undefined) throw new Error(`no open invoke for ${key}: call invoke() before its completion`);
    return id;
  }

  #pushVu(type: OpType, vu: number, step: VuStep, time: number, id: number, fields: VuFields): VuOp {
    const given: VuOp = { epoch: 0, ...fields, index: this.ops.length, id, type, time, process: vu, step };
    // Keys in the order the traffic builds them (a decoded op's): the binary history then holds the op as a VU op.
    const op = {} as Record<string, unknown>;
    const g = given as unknown as Record<string, unknown>;
    for (const k of VU_OP_FIELDS) if (k in g) op[k] = g[k];
    for (const k in g) if (!(k in op)) op[k] = g[k];
    this.ops.push(op as unknown as VuOp);
    return op as unknown as VuOp;
  }

  #pushFault(
    type: OpType,
    fault: string,
    action: FaultAction,
    time: number,
    id: number,
    fields: FaultFields,
  ): FaultOp {
    const op: FaultOp = {
      ...fields,
      index: this.ops.length,
      id,
      type,
      time,
      process: FAULT_PROCESS,
      fault,
      action,
    };
    this.ops.push(op);
    return op;
  }
}
