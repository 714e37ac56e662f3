import type { HistoryBuilder } from '../../src/history/op-builders.ts';
import type { DataValue, OpType } from '../../src/history/op.ts';

// Session data steps for checker histories built by hand: one session `s` unless told.

/** A write of `value` from `t` to `t + 5`, `ok` (answering `answer` when given) or ending `type`. */
export function write(
  h: HistoryBuilder,
  vu: number,
  t: number,
  value: number | string,
  { type = 'ok', answer, session = 's' }: { type?: OpType; answer?: DataValue; session?: string } = {},
): void {
  h.step(
    vu,
    'write',
    t,
    t + 5,
    { session, value },
    type === 'ok'
      ? { status: 200, session, ...(answer === undefined ? {} : { value: answer }) }
      : { error: 'timeout', session },
    type,
  );
}

/** A read from `t` to `t + 5` returning `value`. */
export function read(h: HistoryBuilder, vu: number, t: number, value: DataValue, session = 's'): void {
  h.step(vu, 'read', t, t + 5, { session }, { status: 200, value, session });
}
