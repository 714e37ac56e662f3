import test from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

const launcher = fileURLToPath(new URL('./start.ts', import.meta.url));

// The command test/real-apps/README.md gives humans: it prints the URL, serves, and stops on Ctrl-C (SIGINT).
test('start.ts express-csrf prints a URL that serves the login page and exits 0 on SIGINT', async (t) => {
  const child = spawn(process.execPath, ['--conditions=@sessionchaos/source', launcher, 'express-csrf'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => child.kill('SIGKILL'));
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /^url: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
      if (found) resolve(found);
    });
    child.once('exit', () => reject(new Error(`start.ts exited before printing a URL:\n${output}`)));
  });
  const page = await request(`${url}/login`);
  t.is(page.statusCode, 200);
  t.regex(await page.body.text(), /name="_csrf"/);
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  t.deepEqual(await exited, [0, null]);
});

test('start.ts with an unknown app answers the usage and exit code 64', async (t) => {
  const child = spawn(process.execPath, ['--conditions=@sessionchaos/source', launcher, 'nope'], {
    stdio: 'pipe',
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  t.is(code, 64);
  t.regex(errors, /usage: start\.ts <tomcat-form\|express-csrf\|oidc\|bearer-api\|django\|json-signin>/);
});
