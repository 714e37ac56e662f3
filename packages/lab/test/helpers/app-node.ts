import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appConfigFromEnv } from '../../src/app/config.ts';
import { backendFor } from '../../src/app/backend-for.ts';
import { createApp } from '../../src/app/create-app.ts';

/** A lab app node in this process, on a real 127.0.0.1 socket. */
export interface AppNode {
  name: string;
  url: string;
  hostPort: string;
  close(): Promise<void>;
}

/** Opens `count` sockets first, so that each node can be told its peers' addresses. */
export async function startAppNodes(count: number, env: Record<string, string>): Promise<AppNode[]> {
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  const hostPorts = servers.map((s) => `127.0.0.1:${(s.address() as AddressInfo).port}`);
  return servers.map((server, i) => {
    const name = `app-${i + 1}`;
    const peers = [...hostPorts.slice(i + 1), ...hostPorts.slice(0, i)];
    const config = appConfigFromEnv({ ...env, NODE_NAME: name, PEERS: peers.join(',') });
    const backend = backendFor(config);
    server.on('request', createApp(name, backend));
    return {
      name,
      url: `http://${hostPorts[i]}`,
      hostPort: hostPorts[i] ?? '',
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await backend.close?.();
      },
    };
  });
}
