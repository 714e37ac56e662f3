// Starts one real app for a human: prints where it listens and how to log in, stops on Ctrl-C.
//   scripts/dev node --conditions=@sessionchaos/source test/real-apps/start.ts express-csrf [--port 8080]
import { parseArgs } from 'node:util';
import { REAL_APPS } from './catalog.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { port: { type: 'string' } } });
const name = positionals[0] ?? '';
const start = REAL_APPS[name];
const port = Number(values.port ?? '0');
if (start === undefined || positionals.length !== 1 || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`usage: start.ts <${Object.keys(REAL_APPS).join('|')}> [--port N]`);
  process.exit(64);
}
const began = performance.now();
// The OIDC app's provider takes the next port, so a scenario can name both (8083 and 8084).
const app = await start(name === 'oidc' && port !== 0 ? { port, providerPort: port + 1 } : { port });
console.log(`${app.name} ready in ${Math.round(performance.now() - began)} ms`);
console.log(`url: ${app.url}`);
if (app.allowedOrigins.length > 0) console.log(`also passes through: ${app.allowedOrigins.join(', ')}`);
console.log(`log in as: ${app.credentials.username} / ${app.credentials.password} ({{vu}} = 1 ... 500)`);
console.log('Ctrl-C stops it.');
const stop = (): void => {
  void app.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
