export { keysOf, type Field, type FieldTable } from './field.ts';
export * from './lab-fields.ts';
export { CHECK_FIELDS, CHECK_MS_FIELDS } from './check-fields.ts';
export {
  FAULT_FIELDS,
  FAULT_PARAM_FIELDS,
  FAULT_SELECT_FIELDS,
  FAULT_TARGET_FIELDS,
} from './fault-fields.ts';
export {
  GATE_ERROR_RATE_FIELDS,
  GATE_FINDING_FIELDS,
  GATE_KINDS,
  GATE_LATENCY_FIELDS,
} from './gate-fields.ts';
export * from './journey-fields.ts';
export { LOAD_FIELDS } from './load-fields.ts';
export * from './step-fields.ts';
export { TARGET_LAB_FIELDS, TARGET_URL_FIELDS } from './target-fields.ts';
export { EXPECT_FIELDS, PROBES_FIELDS, TOP_FIELDS } from './top-fields.ts';
