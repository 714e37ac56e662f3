import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorkingTarget } from '@sessionchaos/testkit';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { parseAllDocuments } from 'yaml';
import { EXIT } from '../src/index.ts';
import { cli } from './helpers/run-cli.ts';
import { strictProblems } from './helpers/strict-k8s.ts';

// No cluster is reachable here: the manifests are checked against the Kubernetes API schemas offline, twice:
// kubernetes-models validates required fields, types and enums of each kind's OpenAPI schema (but lets unknown
// fields through), strictProblems rejects any field the API does not define, at any depth.

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
  for (const d of docs) {
    t.notThrows(() => new MODELS[d.kind]!(d as never).validate(), `${d.kind} ${d.metadata.name}`);
    t.deepEqual(strictProblems(d), [], `${d.kind} ${d.metadata.name}`);
  }
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
  // No shell: the CLI reads its shard from JOB_COMPLETION_INDEX and names its own directory.
  const command = shards.spec.template.spec.containers[0]!.command;
  t.deepEqual(command.slice(0, 5), ['sessionchaos', 'run', '/scenario/scenario.yaml', '--shard', 'index/3']);
  t.regex(command.join(' '), /--seed \d+ --start-at \d{4}-\d\d-\d\dT\S+Z --out \/results\/shard-\{shard\} /);
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

test("the Jobs' commands as printed, run here with no shell (the shards from JOB_COMPLETION_INDEX, then the merge), pass and log report.md", async (t) => {
  // A lab-contract target on 127.0.0.1 that works: the merged verdict passes.
  const url = await startWorkingTarget(t);
  const dir = mkdtempSync(join(tmpdir(), 'sc-k8s-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(
    file,
    `name: k8s-merge\ndescription: two shards. Expect verdict pass.\ntarget:\n  url: ${url}\n  journey:\n    login: { method: POST, path: /login, bodyType: form, body: { username: "{{username}}" } }\n    credentials: { username: "user-{{vu}}", password: x }\n    whoami: { method: GET, path: /api/me, identity: $.user }\nload: { users: 1, iterations: 3 }\nprobes: { every: false }\ngate:\n  - { finding: lost-session, max: 0 }\n`,
  );
  const results = join(dir, 'results');
  // The containers' commands as printed (exec form, no shell), with the results volume at our directory and
  // sessionchaos on PATH, as in the image.
  const printed = await cli('k8s', file, '--shards', '2', '--lead', '10s');
  t.is(printed.code, EXIT.pass, printed.err);
  const docs = parseAllDocuments(printed.out).map((d) => d.toJS() as Doc);
  const commandOf = (suffix: string): string[] =>
    (
      docs.find((d) => d.metadata.name.endsWith(suffix))! as unknown as {
        spec: { template: { spec: { containers: { command: string[] }[] } } };
      }
    ).spec.template.spec.containers[0]!.command.map((a) =>
      a.replaceAll('/results', results).replace(/^\/scenario\//, `${dir}/scenario/`),
    );
  // The ConfigMap, mounted at /scenario in the pods.
  const configMap = docs.find((d) => d.kind === 'ConfigMap')! as unknown as { data: Record<string, string> };
  spawnSync('mkdir', ['-p', join(dir, 'scenario')]);
  writeFileSync(join(dir, 'scenario', 'scenario.yaml'), configMap.data['scenario.yaml']!);
  const bin = join(dir, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  writeFileSync(
    join(bin, 'sessionchaos'),
    `#!/bin/sh\nexec "${process.execPath}" --conditions=@sessionchaos/source --disable-warning=ExperimentalWarning "${main}" "$@"\n`,
  );
  chmodSync(join(bin, 'sessionchaos'), 0o755);
  const pod = (command: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(command[0]!, command.slice(1), {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...env },
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('close', (code) => resolve({ code, out }));
    });
  // Two pods of the Indexed Job: indexes 0 and 1 are shards 1/2 and 2/2, each in its own directory.
  const shards = await Promise.all(
    [0, 1].map((i) => pod(commandOf('-shards'), { JOB_COMPLETION_INDEX: String(i) })),
  );
  for (const s of shards) t.is(s.code, EXIT.pass, s.out);
  t.true(existsSync(join(results, 'shard-1', 'summary.json')));
  t.true(existsSync(join(results, 'shard-2', 'summary.json')));
  const merge = await pod(commandOf('-merge'), {});
  t.is(merge.code, EXIT.pass, merge.out);
  t.regex(merge.out, /^PASS: k8s-merge/m);
  // The Job's log carries report.md: `kubectl logs job/...-merge` is how the reports come out.
  t.true(merge.out.includes(readFileSync(join(results, 'merged', 'report.md'), 'utf8')));
  t.regex(merge.out, /^## .* PASS: k8s-merge$/m);
});

test('run --shard index/N outside an Indexed Job, and {shard} in --out without a shard, are refused saying why', async (t) => {
  const a = await cli('run', scenario, '--shard', 'index/2', '--seed', '1', '--dry-run');
  t.is(a.code, EXIT.usage);
  t.regex(
    a.err,
    /takes the shard from JOB_COMPLETION_INDEX \(set by a Kubernetes Indexed Job\), which is not set/,
  );
  const b = await cli('run', scenario, '--out', '/tmp/x/shard-{shard}', '--dry-run');
  t.is(b.code, EXIT.usage);
  t.regex(b.err, /names \{shard\}, which only a sharded run has/);
});

test('merge --wait-until waits for a shard that never writes its summary, until the deadline, then names it (unknown)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-k8s-wait-'));
  const started = Date.now();
  const r = await cli(
    'merge',
    join(dir, 'shard-1'),
    '--out',
    join(dir, 'merged'),
    '--wait-until',
    new Date(started + 2_500).toISOString(),
  );
  t.true(Date.now() - started >= 2_000, `returned after ${Date.now() - started} ms`);
  t.regex(r.err, /waiting for 1 shard\(s\) until/);
  t.regex(r.err, /deadline passed, still no summary\.json in .*shard-1/);
  t.not(r.code, EXIT.pass);
});
