import test from 'ava';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { removeByRunId, requireDocker, startWorkingTarget } from '@sessionchaos/testkit';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../', import.meta.url));
// A tag of this run's own, built once for the file and removed at the end: other runs' images are left alone.
const TAG = `sessionchaos/sessionchaos:offline-test-${process.pid}`;
const SOCKET = ['-v', '/var/run/docker.sock:/var/run/docker.sock'];

/** `docker ...`; resolves with the exit code and output, never rejects. */
async function docker(args: string[], timeout = 60_000): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run('docker', args, { timeout, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: failed.stdout ?? '', err: failed.stderr ?? '' };
  }
}

test.before(async (t) => {
  t.timeout(300_000);
  await requireDocker();
  const built = await run(join(REPO, 'scripts/build-offline-image.sh'), [TAG], {
    cwd: REPO,
    timeout: 280_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  t.is(built.stdout.trim().split('\n').at(-1), TAG);
});

test.after.always(async () => {
  await docker(['rmi', '-f', TAG]);
});

test.serial(
  'the offline image runs sessionchaos (--version, validate) and has kubectl, both on PATH',
  async (t) => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'packages/cli/package.json'), 'utf8')) as {
      version: string;
    };
    const v = await docker(['run', '--rm', TAG, '--version']);
    t.is(v.code, 0, v.err);
    t.is(v.out, `${version}\n`);
    // By name, as the manifests' exec-form commands and the exec hooks call them.
    const onPath = await docker(['run', '--rm', '--entrypoint', 'sessionchaos', TAG, '--version']);
    t.is(onPath.out, `${version}\n`, onPath.err);
    const kubectl = await docker(['run', '--rm', '--entrypoint', 'kubectl', TAG, 'version', '--client']);
    t.is(kubectl.code, 0, kubectl.err);
    t.regex(kubectl.out, /Client Version: .*GitVersion:"v1\.\d+/);

    // The scenario library ships in the image; a user's own files come in through a mounted directory.
    const library = await docker([
      'run',
      '--rm',
      TAG,
      'validate',
      '/opt/sessionchaos/scenarios/memory-mismatch.yaml',
    ]);
    t.is(library.code, 0, library.err);
    t.regex(library.out, /memory-mismatch\.yaml: valid/);
    const dir = mkdtempSync(join(tmpdir(), 'sessionchaos-image-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(join(REPO, 'packages/cli/test/fixtures/bad.yaml'), join(dir, 'bad.yaml'));
    const bad = await docker(['run', '--rm', '-v', `${dir}:/work:ro`, TAG, 'validate', 'bad.yaml']);
    t.is(bad.code, 64, bad.out + bad.err);
    t.regex(bad.err, /unknown fault action "kil"/);
  },
);

/** Runs `script` in the image's shell with kubectl pointed at a closed port; the lines kubectl wrote to stderr. */
async function kubectlAgainstNothing(script: string): Promise<string[]> {
  const r = await docker([
    'run',
    '--rm',
    '--entrypoint',
    'sh',
    '-e',
    'KUBECONFIG=/nonexistent',
    TAG,
    '-c',
    // kubectl as a function adding an unreachable server: every line runs, each failing on its own.
    `kubectl() { command kubectl --server=http://127.0.0.1:1 --token=x --request-timeout=2s "$@"; }\n${script}`,
  ]);
  return r.err.split('\n').filter((l) => l.trim() !== '' && !/loader\.go.*Config not found/.test(l));
}

test.serial(
  "the image's kubectl accepts every flag of the README recipe's hook, confirm and heal",
  async (t) => {
    // No cluster here: each invocation must get as far as connecting (to a closed port), not stop at a flag.
    const recipe = parse(
      readFileSync(join(REPO, 'packages/cli/test/fixtures/k8s-pod-deleted.yaml'), 'utf8'),
    ) as { faults: { params: Record<string, string> }[] };
    const p = recipe.faults[0]!.params;
    const script = [p['command'], p['confirm'], p['healCommand']].join('\n').replaceAll('&&', ';');
    const errors = await kubectlAgainstNothing(script);
    t.is(errors.length, 4, errors.join('\n'));
    for (const line of errors) t.regex(line, /connection to the server 127\.0\.0\.1:1 was refused/);
    // Near miss: the recipe's earlier `--limit 1` is no kubectl flag, and this check says so.
    const old = await kubectlAgainstNothing('kubectl delete pod -l app=web --wait=false --limit 1');
    t.regex(old.join('\n'), /unknown flag: --limit/);
  },
);

test.serial(
  'inside the image with the socket mounted, lab up and run of a lab scenario use the images the engine holds',
  async (t) => {
    t.timeout(180_000);
    const up = await docker(
      ['run', '--rm', '--network', 'host', ...SOCKET, TAG, 'lab', 'up', '--nodes', '2'],
      120_000,
    );
    const runId = /lab (lab-[0-9a-f]+) \(memory\) is up: (http:\S+)/.exec(up.out);
    if (runId) t.teardown(() => removeByRunId(runId[1]!).then(() => undefined));
    t.is(up.code, 0, up.out + up.err);
    t.truthy(runId, up.out);
    const answer = await fetch(`${runId![2]}/`);
    t.true(answer.status < 500, `the lab's balancer answered ${answer.status}`);
    const down = await docker(['run', '--rm', ...SOCKET, TAG, 'lab', 'down', '--run', runId![1]!]);
    t.is(down.code, 0, down.err);
    t.regex(down.out, /removed 3 lab container\(s\)/);

    // The run's traffic reaches the lab's balancer from inside the container: host network, 127.0.0.1 ports.
    const out = mkdtempSync(join(tmpdir(), 'sessionchaos-image-run-'));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));
    const r = await docker(
      [
        'run',
        '--rm',
        '--network',
        'host',
        ...SOCKET,
        '-v',
        `${out}:/out`,
        TAG,
        'run',
        '/opt/sessionchaos/scenarios/memory-mismatch.yaml',
        '--duration',
        '4s',
        '--users',
        '5',
        '--seed',
        '3',
        '--no-dashboard',
        '--out',
        '/out/mm',
      ],
      150_000,
    );
    // The scenario expects fail: lost sessions on a round-robin memory lab.
    t.is(r.code, 1, r.out + r.err);
    const summary = JSON.parse(readFileSync(join(out, 'mm', 'summary.json'), 'utf8')) as { verdict: string };
    t.is(summary.verdict, 'fail');
    t.regex(r.out, /FAIL: memory-mismatch/);
    t.regex(r.out, /verdict fail: as this scenario expects/);
  },
);

test.serial(
  "the manifests' commands run on the image as Kubernetes runs them: two shard pods (one running a confirmed kubectl hook), then the merge pod",
  async (t) => {
    t.timeout(150_000);
    const url = await startWorkingTarget(t);
    const dir = mkdtempSync(join(tmpdir(), 'sessionchaos-image-k8s-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    // An exec fault run by shard 1 with the image's /bin/sh and kubectl, counted once its confirm command exits 0.
    writeFileSync(
      join(dir, 'k8s.yaml'),
      `name: image-k8s\ndescription: two shards in the image. Expect verdict pass.\ntarget:\n  url: ${url}\n  journey:\n` +
        '    login: { method: POST, path: /login, bodyType: form, body: { username: "{{username}}" } }\n' +
        '    credentials: { username: "user-{{vu}}", password: x }\n    whoami: { method: GET, path: /api/me, identity: $.user }\n' +
        'load: { users: 2, duration: 4s, think: 100ms }\nprobes: { every: false }\nfaults:\n' +
        '  - id: kubectl-hook\n    action: exec\n    at: 1s\n    duration: 1s\n    params:\n' +
        '      command: kubectl version --client > /tmp/kubectl-version\n' +
        '      confirm: grep -q GitVersion /tmp/kubectl-version\n' +
        'gate:\n  - { finding: lost-session, max: 0 }\n',
    );
    const printed = await docker([
      'run',
      '--rm',
      '-v',
      `${dir}:/work:ro`,
      TAG,
      'k8s',
      'k8s.yaml',
      '--shards',
      '2',
      '--lead',
      '10s',
    ]);
    t.is(printed.code, 0, printed.err);
    type Doc = { kind: string; metadata: { name: string } } & Record<string, unknown>;
    const docs = parseAllDocuments(printed.out).map((d) => d.toJS() as Doc);
    const command = (suffix: string): string[] =>
      (
        docs.find((d) => d.metadata.name.endsWith(suffix))! as unknown as {
          spec: { template: { spec: { containers: { command: string[] }[] } } };
        }
      ).spec.template.spec.containers[0]!.command;
    const configMap = docs.find((d) => d.kind === 'ConfigMap')! as unknown as {
      data: Record<string, string>;
    };
    mkdirSync(join(dir, 'scenario'));
    mkdirSync(join(dir, 'results'));
    writeFileSync(join(dir, 'scenario', 'scenario.yaml'), configMap.data['scenario.yaml']!);
    // A container's `command` replaces the image's ENTRYPOINT, as in a pod; the volumes at the manifests' paths.
    const pod = (cmd: string[], env: string[]) =>
      docker(
        [
          'run',
          '--rm',
          '--network',
          'host',
          ...env,
          '-v',
          `${join(dir, 'scenario')}:/scenario:ro`,
          '-v',
          `${join(dir, 'results')}:/results`,
          '--entrypoint',
          cmd[0]!,
          TAG,
          ...cmd.slice(1),
        ],
        90_000,
      );
    const shards = await Promise.all(
      [0, 1].map((i) => pod(command('-shards'), ['-e', `JOB_COMPLETION_INDEX=${i}`])),
    );
    for (const s of shards) t.is(s.code, 0, s.out + s.err);
    const merge = await pod(command('-merge'), []);
    t.is(merge.code, 0, merge.out + merge.err);
    t.regex(merge.out, /^PASS: image-k8s/m);
    t.true(merge.out.includes(readFileSync(join(dir, 'results', 'merged', 'report.md'), 'utf8')));
    const summary = JSON.parse(readFileSync(join(dir, 'results', 'merged', 'summary.json'), 'utf8')) as {
      coverage: { faults: { planned: number; effective: number; failed: number } };
    };
    t.like(summary.coverage.faults, { planned: 1, effective: 1, failed: 0 });
  },
);
