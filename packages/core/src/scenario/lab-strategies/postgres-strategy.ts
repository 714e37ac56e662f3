import { defineLabStrategy } from './lab-strategy.ts';

/**
 * Sessions in a database: one PostgreSQL shared by every node, a row per session (the design's "external store:
 * Redis, Memcached, or a database"). Unlike Memcached it writes them to disk, so they outlive its restart.
 */
export const POSTGRES_STRATEGY = defineLabStrategy({
  name: 'postgres',
  description: 'Sessions in a PostgreSQL table shared by every node (a database as the external store).',
  sessions: 'store',
  replicates: false,
  storeRoles: ['postgres'],
  storeContainers: () => 1,
  compare: [
    {
      name: 'postgres',
      label: 'external store, PostgreSQL',
      lab: { strategy: 'postgres' },
      victim: 'postgres',
    },
  ],
});
