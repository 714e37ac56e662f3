import test from 'ava';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabCluster } from '@sessionchaos/lab';
import { requireDocker } from '@sessionchaos/testkit';
import { EXIT } from 'sessionchaos';
import { cli } from './helpers/run-cli.ts';

test('init on the lab (sticky, 3 nodes): form login, session cookie, whoami, session data, logout and the node header', async (t) => {
  await requireDocker();
  await using lab = await new LabCluster({ strategy: 'sticky', nodes: 3 }).start();
  const dir = await mkdtemp(join(tmpdir(), 'sc-init-lab-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'lab.yaml');
  const init = await cli('init', '--url', lab.url, '--out', file);
  t.is(init.code, EXIT.pass, init.out + init.err);
  t.regex(
    init.out,
    /journey works: logged in, whoami confirmed the user, session data written and read back, logged out\./,
  );
  const text = await readFile(file, 'utf8');
  t.regex(text, /credentials: \{"username":"user-\{\{vu\}\}","password":"secret"\}/);
  t.regex(text, /whoami: \{"method":"GET","path":"\/api\/me","identity":"\$\.user"\}/);
  t.regex(text, /sessionCookie: sid/);
  t.regex(text, /node: \{"header":"x-served-by"\}/);
  t.regex(text, /logout: \{"method":"POST","path":"\/logout"\}/);
});
