/** Every field name a scenario file may use, by where it goes: read from the field tables the schema is built from. */
import { keysOf } from './fields/field.ts';
import {
  COMPOSE_TARGET_FIELDS,
  FAULT_FIELDS,
  FAULT_PARAM_FIELDS,
  FAULT_SELECT_FIELDS,
  FAULT_TARGET_FIELDS,
} from './fields/fault-fields.ts';
import { LOAD_FIELDS } from './fields/load-fields.ts';
import { EXPECT_FIELDS, PROBES_FIELDS, TOP_FIELDS } from './fields/top-fields.ts';

export { VERDICTS } from './fields/top-fields.ts';

/** Every top-level field of a scenario. */
export const TOP_KEYS = keysOf(TOP_FIELDS);
/** Every field of `load`. */
export const LOAD_KEYS = keysOf(LOAD_FIELDS);
/** Every field of a fault. */
export const FAULT_KEYS = keysOf(FAULT_FIELDS);
/** Fields of a fault's target written as an object. */
export const FAULT_TARGET_KEYS = keysOf(FAULT_TARGET_FIELDS);
/** Fields of a fault's `select` written as an object (exactly one). */
export const FAULT_SELECT_KEYS = keysOf(FAULT_SELECT_FIELDS);
/** Fields of a fault's `params` (durations as written: `timeout`, `confirmTimeout`). */
export const FAULT_PARAM_KEYS = keysOf(FAULT_PARAM_FIELDS);
/** Fields of `probes`. */
export const PROBES_KEYS = keysOf(PROBES_FIELDS);
/** Fields of `expect`. */
export const EXPECT_KEYS = keysOf(EXPECT_FIELDS);
/** Fields of a Compose target (`target: {compose: {project, service}}`). */
export const COMPOSE_TARGET_KEYS = keysOf(COMPOSE_TARGET_FIELDS);
