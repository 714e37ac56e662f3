import type { ComposeTarget } from './fault-spec.ts';

/** The labels Docker Compose (v1 `docker-compose` and v2 `docker compose`) puts on the containers it starts. */
export const COMPOSE_LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
} as const;

/** Compose's own rule for project and service names (lowercase letters, digits, `-`, `_`; v1 also allows `.`). */
const COMPOSE_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * What is wrong with a `target.compose` as the scenario wrote it (empty when nothing): both
 * `project` and `service` are needed, each a name Compose could have given.
 */
export function composeTargetErrors(compose: unknown): { field: string; message: string }[] {
  if (compose === null || typeof compose !== 'object' || Array.isArray(compose))
    return [{ field: 'target.compose', message: 'must be {project: NAME, service: NAME}' }];
  const errors: { field: string; message: string }[] = [];
  for (const key of ['project', 'service'] as const) {
    const value = (compose as Record<string, unknown>)[key];
    if (typeof value !== 'string' || !COMPOSE_NAME.test(value))
      errors.push({
        field: `target.compose.${key}`,
        message:
          `${key} must be the Compose ${key}'s name as \`docker compose ls\` / \`docker compose ps\` show it ` +
          `(lowercase letters, digits, "-", "_"), got ${JSON.stringify(value) ?? String(value)}`,
      });
  }
  return errors;
}

/**
 * The name the lab's rules give a replica of a Compose service: `<service>-<number>` (`web-2`), its
 * container-number label. `select: {name: web-2}` picks that replica, whatever the engine named its
 * container (`shop_web_2` with docker-compose 1, `shop-web-2` with v2).
 */
export function composeReplicaName(service: string, number: string | undefined): string | undefined {
  return number && /^\d+$/.test(number) ? `${service}-${number}` : undefined;
}

/** How a Compose target is shown in plans, the dashboard and fault ops: `compose shop/web`. */
export function composeTargetName(compose: ComposeTarget): string {
  return `compose ${compose.project}/${compose.service}`;
}
