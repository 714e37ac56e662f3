import * as k8s from '@kubernetes/client-node';

/** One field of a generated Kubernetes model: its JSON name and its type as the OpenAPI generator wrote it. */
interface Attribute {
  baseName: string;
  type: string;
  format: string;
}

type ModelClass = { getAttributeTypeMap(): Attribute[] };

const KINDS: Record<string, string> = {
  'v1/ConfigMap': 'V1ConfigMap',
  'v1/PersistentVolumeClaim': 'V1PersistentVolumeClaim',
  'v1/ServiceAccount': 'V1ServiceAccount',
  'rbac.authorization.k8s.io/v1/Role': 'V1Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'V1RoleBinding',
  'batch/v1/Job': 'V1Job',
};

function model(name: string): ModelClass | undefined {
  const m = (k8s as unknown as Record<string, unknown>)[name];
  return typeof m === 'function' && 'getAttributeTypeMap' in m ? (m as unknown as ModelClass) : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every place `value` departs from `type`: unknown fields first of all, then wrong types. */
function check(value: unknown, type: string, format: string, path: string, errors: string[]): void {
  const array = /^Array<(.+)>$/.exec(type);
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return void errors.push(`${path}: must be an array`);
    value.forEach((v, i) => check(v, array[1]!, '', `${path}/${i}`, errors));
  } else if (map) {
    if (!isObject(value)) return void errors.push(`${path}: must be an object`);
    for (const [k, v] of Object.entries(value)) check(v, map[1]!, '', `${path}/${k}`, errors);
  } else if (type === 'string' || type === 'Date') {
    if (typeof value !== 'string') errors.push(`${path}: must be a string`);
  } else if (type === 'number') {
    if (typeof value !== 'number' || (format.startsWith('int') && !Number.isInteger(value)))
      errors.push(`${path}: must be ${format.startsWith('int') ? 'an integer' : 'a number'}`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') errors.push(`${path}: must be a boolean`);
  } else if (type === 'IntOrString') {
    if (typeof value !== 'string' && !Number.isInteger(value))
      errors.push(`${path}: must be an int or a string`);
  } else if (type === 'any' || type === 'object') {
    // Free-form in the API itself (e.g. a raw extension): nothing to check.
  } else {
    const m = model(type);
    if (!m) return void errors.push(`${path}: no schema for type ${type}`);
    if (!isObject(value)) return void errors.push(`${path}: must be an object (${type})`);
    const fields = new Map(m.getAttributeTypeMap().map((a) => [a.baseName, a]));
    for (const [k, v] of Object.entries(value)) {
      const field = fields.get(k);
      if (!field) errors.push(`${path}/${k}: unknown field of ${type}`);
      else check(v, field.type, field.format, `${path}/${k}`, errors);
    }
  }
}

/**
 * The problems of a Kubernetes object against the API's field schema, with unknown fields rejected at any depth
 * (as `kubectl apply --validate=strict` would): the types are those @kubernetes/client-node generates from the
 * Kubernetes OpenAPI document. kubernetes-models' validate() checks required fields and enums but lets an
 * unknown field through; this one does not.
 */
export function strictProblems(doc: unknown): string[] {
  if (!isObject(doc)) return ['the document is not an object'];
  const name = KINDS[`${String(doc['apiVersion'])}/${String(doc['kind'])}`];
  if (name === undefined)
    return [`no strict schema here for ${String(doc['apiVersion'])} ${String(doc['kind'])}`];
  const errors: string[] = [];
  check(doc, name, '', '', errors);
  return errors;
}
