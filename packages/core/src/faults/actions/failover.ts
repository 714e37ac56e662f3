import { oneOf } from '../../scenario/fields/field.ts';
import { TIMEOUT_FIELD } from './exec.ts';
import { faultAction } from './fault-action.ts';

/** Ways to take a Redis primary down: kill its container, ask Sentinel, or stall it (CLIENT PAUSE, DEBUG SLEEP). */
export const FAILOVER_HOWS = ['kill', 'sentinel', 'client-pause', 'debug-sleep'] as const;
export type FailoverHow = (typeof FAILOVER_HOWS)[number];

/** `failover`'s params. */
export interface FailoverParams {
  /** How the Redis primary is taken down (default `kill`). */
  how?: FailoverHow;
  /** How long to wait for an election. */
  timeoutMs?: number;
}

/** `failover`: take the Redis primary down and wait for Sentinel to elect a replica. */
export const failover = faultAction<FailoverParams>()({
  name: 'failover',
  summary: 'takes the Redis primary down (`how`) and waits for Sentinel to elect a replica.',
  lasting: false,
  roles: ['redis-primary'],
  params: {
    how: {
      ...oneOf(FAILOVER_HOWS),
      description:
        '`failover`: how the Redis primary is taken down: kill its container, ask Sentinel, or stall it (CLIENT PAUSE, DEBUG SLEEP).',
      example: 'sentinel',
      default: 'kill',
    },
    timeout: TIMEOUT_FIELD,
  },
  check({ params: p, err }) {
    if (p.how !== undefined && !(FAILOVER_HOWS as readonly string[]).includes(p.how))
      err('params.how', `unknown failover method "${p.how}". Valid methods: ${FAILOVER_HOWS.join(', ')}`);
  },
  takesStoreDown: true,
  keys: [
    {
      key: 'f',
      command: 'kill-redis-primary',
      description: 'kill the Redis primary (failover)',
      target: { role: 'redis-primary' },
    },
  ],
});
