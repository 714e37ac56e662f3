/** Every field name a scenario file may use, by where it goes (the JSON Schema lists the same). */

/** Every top-level field of a scenario. */
export const TOP_KEYS = [
  'name',
  'description',
  'target',
  'load',
  'faults',
  'gate',
  'check',
  'probes',
  'expect',
  'seed',
];
/** Every field of `load`. */
export const LOAD_KEYS = [
  'model',
  'users',
  'duration',
  'iterations',
  'think',
  'rampUp',
  'rampDown',
  'rate',
  'maxUsers',
  'arrivals',
  'grace',
];
/** Every field of a fault. */
export const FAULT_KEYS = [
  'id',
  'action',
  'target',
  'select',
  'at',
  'duration',
  'every',
  'times',
  'params',
  'required',
];
/** The verdicts `expect.verdict` may name. */
export const VERDICTS = ['pass', 'fail', 'unknown'];
/** Fields of a fault's target written as an object. */
export const FAULT_TARGET_KEYS = ['role', 'container', 'label', 'compose'];
/** Fields of a Compose target (`target: {compose: {project, service}}`). */
export const COMPOSE_TARGET_KEYS = ['project', 'service'];
