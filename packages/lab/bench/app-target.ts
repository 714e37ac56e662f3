// A bench target: one lab app node (memory session store) in its own process on
// 127.0.0.1, so the run has a correct target speaking the default journey and its own memory is
// not counted. Prints its port on stdout, exits when stdin closes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appConfigFromEnv } from '../src/app/config.ts';
import { backendFor } from '../src/app/backend-for.ts';
import { createApp } from '../src/app/create-app.ts';

const config = appConfigFromEnv({ NODE_NAME: 'app-1', STRATEGY: 'memory' });
const server = createServer(createApp(config.node, backendFor(config)));
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
