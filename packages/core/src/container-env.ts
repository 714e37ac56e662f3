/**
 * testcontainers settings the project relies on, written into `env` unless the user set them:
 * - the reaper (Ryuk) is off: it is pulled from a registry that may be unreachable, and the project
 *   removes what it starts by label instead;
 * - with a local engine, published ports are probed on 127.0.0.1, where the project publishes them.
 *   Without this, testcontainers running where `/.dockerenv` exists probes the bridge gateway
 *   (172.17.0.1) and waits for ports that are not there.
 * Call it before the first container runtime lookup of the process (the result is cached).
 */
export function applyContainerDefaults(env: Record<string, string | undefined>): void {
  env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
  const host = env['DOCKER_HOST'];
  if (!host || host.startsWith('unix://')) env['TESTCONTAINERS_HOST_OVERRIDE'] ??= '127.0.0.1';
}
