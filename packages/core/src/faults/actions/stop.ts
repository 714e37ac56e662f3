import type { Field } from '../../scenario/fields/field.ts';
import { faultAction } from './fault-action.ts';

/** `stop` and `restart`: seconds between SIGTERM and SIGKILL. */
export interface GraceParams {
  graceSeconds?: number;
}

/** The row of `graceSeconds`, shared by `stop` and `restart`. */
export const GRACE_SECONDS_FIELD: Field = {
  type: 'number',
  description: '`stop` and `restart`: seconds between SIGTERM and SIGKILL.',
  example: 5,
  default: 10,
  schema: { type: 'number', minimum: 0 },
};

/** `stop`: SIGTERM, then SIGKILL after the grace (healed by starting the container again). */
export const stop = faultAction<GraceParams>()({
  name: 'stop',
  summary: 'SIGTERMs the container, SIGKILLs it after `graceSeconds` (started again when healed).',
  lasting: false,
  params: { graceSeconds: GRACE_SECONDS_FIELD },
  nodeState: 'down',
  takesStoreDown: true,
});
