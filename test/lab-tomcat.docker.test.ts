import test from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabCluster, tomcatFormLogin, tomcatWhoami } from '@sessionchaos/lab';
import { newRunId, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import { EXIT } from 'sessionchaos';
import { cli } from './helpers/run-cli.ts';

// Apache Tomcat 10.1 clusters in the lab (Debian's tomcat10 and JRE assembled into an image, or the official one).

test.serial(
  'sessionchaos journey on a Tomcat DeltaManager cluster (3 nodes, sync, sticky): FORM login, whoami, data, logout',
  async (t) => {
    t.timeout(300_000);
    await requireDocker();
    const dir = await mkdtemp(join(tmpdir(), 'sc-lab-tomcat-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'tomcat.yaml');
    await writeFile(
      file,
      [
        'name: tomcat-journey',
        'description: one walk of the Tomcat lab journey',
        'target: { lab: { strategy: tomcat, nodes: 3, tomcat: { replication: delta, sync: true } } }',
        'load: { users: 1, duration: 5s }',
        '',
      ].join('\n'),
    );
    const r = await cli('journey', file);
    t.is(r.code, EXIT.pass, r.out + r.err);
    t.regex(r.out, /GET http:\/\/127\.0\.0\.1:\d+\/api\/me -> 200/);
    t.regex(r.out, /POST http:\/\/127\.0\.0\.1:\d+\/api\/j_security_check -> /);
    t.regex(r.out, /JSESSIONID/);
    t.regex(r.out, /user-1/);
    t.regex(r.err, /tomcat image: (assembled|official)/);
  },
);

test.serial(
  'a Tomcat BackupManager cluster (3 nodes): a session made on one node is known and readable on every node',
  async (t) => {
    t.timeout(300_000);
    await requireDocker();
    const runId = newRunId('lab-tomcat');
    t.teardown(() => removeByRunId(runId));
    const lab = await new LabCluster(
      { strategy: 'tomcat', nodes: 3, sticky: 'none', tomcat: { replication: 'backup', sync: true } },
      { runId },
    ).start();
    t.deepEqual(
      lab.containers().map((c) => c.role),
      ['balancer', 'app', 'app', 'app'],
    );
    const [first, ...others] = lab.nodes;
    if (!first) return t.fail('no node');
    const id = await tomcatFormLogin(first.url, 'user-42', 'secret');
    const write = await fetch(`${first.url}/api/data`, {
      method: 'POST',
      headers: { cookie: `JSESSIONID=${id}`, 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'v-42' }),
    });
    t.deepEqual(await write.json(), { value: 'v-42' });
    for (const node of others) {
      t.is(await tomcatWhoami(node.url, id), 'user-42', node.name);
      const read = await fetch(`${node.url}/api/data`, { headers: { cookie: `JSESSIONID=${id}` } });
      t.deepEqual(await read.json(), { value: 'v-42' }, node.name);
    }
    // Round robin through the balancer: every node answers, naming itself in X-Served-By.
    const served = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${lab.url}/`);
      await res.arrayBuffer();
      served.add(res.headers.get('x-served-by') ?? '?');
    }
    t.deepEqual([...served].sort(), ['app-1', 'app-2', 'app-3']);
  },
);
