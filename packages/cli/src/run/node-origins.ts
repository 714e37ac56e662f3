import type { StartedLabCluster } from '@sessionchaos/lab';

/**
 * The app nodes' own origins, for the logout-replay probe. On the lab they are read from the engine
 * each time (a node started again after a kill gets a new host port); a node that is down is left out.
 */
export async function nodeOrigins(lab: StartedLabCluster | null, configured: string[]): Promise<string[]> {
  if (!lab) return configured.map((u) => new URL(u).origin);
  // Loaded only with a lab: a journey or run against a URL needs no Docker client.
  const { APP_PORT, labRuntime } = await import('@sessionchaos/lab');
  const docker = (await labRuntime()).container.dockerode;
  const origins = await Promise.all(
    lab.nodes.map(async (n) => {
      try {
        const info = await docker.getContainer(n.containerId).inspect();
        const port = info.NetworkSettings.Ports?.[`${APP_PORT}/tcp`]?.[0]?.HostPort;
        return info.State.Running && port ? `http://127.0.0.1:${port}` : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return origins.filter((o): o is string => o !== undefined);
}
