import { LIMITS } from '../limits.ts';
import { type FieldTable } from './field.ts';
import { JOURNEY_FIELDS } from './journey-fields.ts';
import { LAB_FIELDS } from './lab-fields.ts';

/** `target` with `lab:`: the built-in reference cluster. */
export const TARGET_LAB_FIELDS = {
  lab: {
    type: 'object',
    description: 'Starts the built-in lab with this session strategy; it speaks its own journey.',
    example: { strategy: 'redis', nodes: 3, redis: { topology: 'sentinel', replicas: 1 } },
    required: true,
    fields: LAB_FIELDS,
  },
} satisfies FieldTable;

/** `target` with `url:`: any cluster, reached through its balancer. */
export const TARGET_URL_FIELDS = {
  url: {
    type: 'http(s) URL',
    description: "The cluster's entry point (its balancer); `--target` overrides it.",
    example: 'http://127.0.0.1:8080',
    required: true,
    schema: { type: 'string', pattern: '^https?://' },
  },
  nodes: {
    type: `integer 1..${LIMITS.maxTargetNodes}, or list of URLs`,
    description:
      "The app nodes behind the balancer: a count (the hotspot checker divides by it), or each node's own URL, which the logout probe replays an old session on directly (a logout that did not reach a node is logout-not-propagated). Absent: the nodes seen in the answers, and the logout probe asks the balancer only.",
    example: ['http://10.0.0.5:8080', 'http://10.0.0.6:8080'],
    schema: {
      anyOf: [
        { type: 'integer', minimum: 1, maximum: LIMITS.maxTargetNodes },
        {
          type: 'array',
          items: { type: 'string', pattern: '^https?://' },
          minItems: 1,
          maxItems: LIMITS.maxTargetNodes,
        },
      ],
    },
  },
  journey: {
    type: 'object',
    description:
      "How a browser or client uses the app. Roles it leaves out (visit, write, read, logout) are off; a URL target without a journey speaks the lab app's contract.",
    example: {
      login: {
        method: 'POST',
        path: '/auth/signin',
        body: { email: '{{username}}', password: '{{password}}' },
      },
      whoami: { method: 'GET', path: '/api/me', identity: '$.email' },
    },
    defaultText: "the lab app's journey",
    fields: JOURNEY_FIELDS,
  },
} satisfies FieldTable;
