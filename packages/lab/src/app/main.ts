import { appConfigFromEnv } from './config.ts';
import { backendFor } from './backend-for.ts';
import { createApp } from './create-app.ts';

// Entry point of the lab app container (bundled by esbuild into one file).
const config = appConfigFromEnv();
const backend = backendFor(config);
const server = createApp(config.node, backend).listen(config.port, '0.0.0.0', () => {
  console.log(`lab app ${config.node} (${config.strategy}) listening on ${config.port}`);
});
const stop = (): void => {
  server.close();
  void backend.close?.().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
