import test from 'ava';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { parseAllDocuments } from 'yaml';
import { EXIT } from '../src/index.ts';
import { cli } from './helpers/run-cli.ts';

// No cluster is reachable here: the manifests are checked against the Kubernetes API schemas offline
// (kubernetes-models validates each object against the OpenAPI schema of its kind).

const MODELS: Record<string, new (o: never) => { validate(): void }> = {
  ConfigMap,
  PersistentVolumeClaim,
  ServiceAccount,
  Role,
  RoleBinding,
  Job,
};
const scenario = fileURLToPath(new URL('../../../scenarios/external-target.yaml', import.meta.url));

type Doc = { kind: string; metadata: { name: string }; spec?: Record<string, never> } & Record<
  string,
  unknown
>;

test('k8s prints manifests that pass the Kubernetes schemas: an Indexed Job of N shards with no retry per index, a merge Job, RBAC for the hooks', async (t) => {
  const r = await cli(
    'k8s',
    scenario,
    '--shards',
    '3',
    '--image',
    'registry.example/sessionchaos:1',
    '--namespace',
    'load',
  );
  t.is(r.code, EXIT.pass, r.err);
  const docs = parseAllDocuments(r.out).map((d) => d.toJS() as Doc);
  t.deepEqual(
    docs.map((d) => d.kind),
    ['ConfigMap', 'PersistentVolumeClaim', 'ServiceAccount', 'Role', 'RoleBinding', 'Job', 'Job'],
  );
  for (const d of docs)
    t.notThrows(() => new MODELS[d.kind]!(d as never).validate(), `${d.kind} ${d.metadata.name}`);
  const shards = docs.find((d) => d.metadata.name.endsWith('-shards'))! as unknown as {
    spec: {
      completionMode: string;
      completions: number;
      parallelism: number;
      backoffLimitPerIndex: number;
      template: { spec: { serviceAccountName: string; containers: { command: string[]; image: string }[] } };
    };
  };
  t.is(shards.spec.completionMode, 'Indexed');
  t.is(shards.spec.completions, 3);
  t.is(shards.spec.parallelism, 3);
  t.is(shards.spec.backoffLimitPerIndex, 0);
  t.is(shards.spec.template.spec.serviceAccountName, 'sessionchaos-external-target-faults');
  t.is(shards.spec.template.spec.containers[0]!.image, 'registry.example/sessionchaos:1');
  t.regex(
    shards.spec.template.spec.containers[0]!.command[2]!,
    /--shard \$\(\(JOB_COMPLETION_INDEX \+ 1\)\)\/3 --seed \d+ --start-at \d{4}-\d\d-\d\dT\S+Z /,
  );
  const cm = docs[0] as unknown as { data: Record<string, string> };
  t.regex(cm.data['scenario.yaml']!, /^name: external-target$/m);
  t.regex(r.err, /apply them before then/);
});

test('k8s refuses a lab scenario and bad options, saying why', async (t) => {
  const lab = fileURLToPath(new URL('../../../scenarios/memory-mismatch.yaml', import.meta.url));
  const a = await cli('k8s', lab, '--shards', '2');
  t.is(a.code, EXIT.usage);
  t.regex(a.err, /targets the lab, which runs on one machine with Docker/);
  const b = await cli('k8s', scenario, '--shards', '0', '--lead', '1s');
  t.is(b.code, EXIT.usage);
  t.regex(b.err, /--shards must be a whole number from 1 to 1000/);
  t.regex(b.err, /--lead "1s" must be a duration of at least 10s/);
});

test("the merge Job's command, run here on two shards' outputs, merges them and exits with the gate's code", async (t) => {
  // A lab-contract target on 127.0.0.1 that works: the merged verdict passes.
  const sessions = new Map<string, string>();
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const sid = /sid=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
      const user = sid === undefined ? undefined : sessions.get(sid);
      if (req.url === '/login' && req.method === 'POST') {
        const id = `s${++n}`;
        sessions.set(id, new URLSearchParams(body).get('username') ?? '');
        return void res.writeHead(303, { location: '/', 'set-cookie': `sid=${id}; Path=/` }).end();
      }
      if (req.url === '/api/me')
        return void res.writeHead(user ? 200 : 401).end(JSON.stringify({ user: user ?? null }));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'sc-k8s-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(
    file,
    `name: k8s-merge\ndescription: two shards. Expect verdict pass.\ntarget:\n  url: ${url}\n  journey:\n    login: { method: POST, path: /login, bodyType: form, body: { username: "{{username}}" } }\n    credentials: { username: "user-{{vu}}", password: x }\n    whoami: { method: GET, path: /api/me, identity: $.user }\nload: { users: 1, iterations: 3 }\nprobes: { every: false }\ngate:\n  - { finding: lost-session, max: 0 }\n`,
  );
  const results = join(dir, 'results');
  for (const k of [1, 2]) {
    const r = await cli(
      'run',
      file,
      '--seed',
      '4',
      '--shard',
      `${k}/2`,
      '--no-dashboard',
      '--out',
      join(results, `shard-${k}`),
    );
    t.is(r.code, EXIT.pass, r.out + r.err);
  }
  // The Job's command as printed, with the results volume at our directory and sessionchaos on PATH.
  const printed = await cli('k8s', file, '--shards', '2');
  const merge = parseAllDocuments(printed.out)
    .map((d) => d.toJS() as Doc)
    .find((d) => d.metadata.name.endsWith('-merge'))! as unknown as {
    spec: { template: { spec: { containers: { command: string[] }[] } } };
  };
  const command = merge.spec.template.spec.containers[0]!.command[2]!.replaceAll('/results', results);
  const bin = join(dir, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  writeFileSync(
    join(bin, 'sessionchaos'),
    `#!/bin/sh\nexec "${process.execPath}" --conditions=@sessionchaos/source --disable-warning=ExperimentalWarning "${main}" "$@"\n`,
  );
  chmodSync(join(bin, 'sessionchaos'), 0o755);
  const job = spawnSync('sh', ['-c', command], {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    encoding: 'utf8',
    timeout: 60_000,
  });
  t.is(job.status, EXIT.pass, job.stdout + job.stderr);
  t.regex(job.stdout, /^PASS: k8s-merge/m);
});
