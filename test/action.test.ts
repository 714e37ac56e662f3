import test, { type ExecutionContext } from 'ava';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { startBrokenTarget } from './helpers/broken-target.ts';

// GitHub is not reachable here: the action's script runs as the composite step would run it, with the step
// summary and outputs as files and the CLI from source instead of `npm install sessionchaos`.
const REPO = fileURLToPath(new URL('../', import.meta.url));
const SCRIPT = join(REPO, 'action/run-scenario.sh');
const CLI = [
  process.execPath,
  '--conditions=@sessionchaos/source',
  '--disable-warning=ExperimentalWarning',
  join(REPO, 'packages/cli/src/main.ts'),
].join(' ');

interface StepResult {
  code: number;
  stdout: string;
  summary: string;
  outputs: string;
  dir: string;
}

/** A step's directory, with its step summary and outputs files, and the step's environment. */
async function stepEnv(t: ExecutionContext, args: string) {
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-action-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const summaryFile = join(dir, 'step-summary.md');
  const outputFile = join(dir, 'github-output');
  await writeFile(summaryFile, '');
  await writeFile(outputFile, '');
  const env = {
    ...process.env,
    SESSIONCHAOS_BIN: CLI,
    SESSIONCHAOS_SCENARIO: join(REPO, 'scenarios/external-target.yaml'),
    SESSIONCHAOS_ARGS: args,
    SESSIONCHAOS_OUT: join(dir, 'reports'),
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
  };
  return { dir, summaryFile, outputFile, env };
}

async function runStep(t: ExecutionContext, args: string): Promise<StepResult> {
  const { dir, summaryFile, outputFile, env } = await stepEnv(t, args);
  const code = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile('bash', [SCRIPT], { env, timeout: 120_000 }, (error, stdout) =>
      resolve({ code: error ? Number(error.code ?? -1) : 0, stdout }),
    );
  });
  return {
    ...code,
    summary: await readFile(summaryFile, 'utf8'),
    outputs: await readFile(outputFile, 'utf8'),
    dir,
  };
}

const SHORT = '--users 10 --duration 10s --allow-exec --seed 1';

test.serial(
  'a correct target: exit 0, report.md in the step summary, verdict pass as an output',
  async (t) => {
    await using target = await startBrokenTarget();
    const r = await runStep(t, `--target ${target.url} ${SHORT}`);
    t.is(r.code, 0, r.stdout);
    t.is(r.summary, await readFile(join(r.dir, 'reports/report.md'), 'utf8'));
    t.regex(r.summary, /external-target/);
    t.is(r.outputs, 'verdict=pass\nexit-code=0\n');
    t.notRegex(r.stdout, /::error/);
  },
);

test.serial('a target that fixates sessions: exit 1 fails the job, with an error annotation', async (t) => {
  await using target = await startBrokenTarget({ bugs: ['session-fixation'] });
  const r = await runStep(t, `--target ${target.url} ${SHORT}`);
  t.is(r.code, 1, r.stdout);
  t.regex(r.summary, /session-fixation/);
  t.is(r.outputs, 'verdict=fail\nexit-code=1\n');
  t.regex(r.stdout, /::error file=.*external-target\.yaml::sessionchaos: the gate failed/);
});

test.serial(
  'a target that does not answer: exit 69 passes through, and the summary says there is no report',
  async (t) => {
    // Port 9 (discard) on 127.0.0.1: nothing listens there on a test machine.
    const r = await runStep(t, `--target http://127.0.0.1:9 ${SHORT}`);
    t.is(r.code, 69, r.stdout);
    t.is(r.outputs, 'verdict=\nexit-code=69\n');
    t.regex(r.summary, /The run wrote no report \(exit code 69\): see the step log\./);
    t.regex(r.stdout, /::error file=.*::sessionchaos exited with 69/);
  },
);

test.serial(
  'a cancelled job (SIGINT to the step mid-run): verdict interrupted as an output, exit 130',
  async (t) => {
    await using target = await startBrokenTarget();
    const { dir, summaryFile, outputFile, env } = await stepEnv(
      t,
      `--target ${target.url} --users 10 --duration 30s --allow-exec --seed 1`,
    );
    // Its own process group, as a runner's step is: the signal goes to the script and the CLI alike.
    const child = spawn('bash', [SCRIPT], { env, detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const ttl = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 120_000);
    t.teardown(() => clearTimeout(ttl));
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (/journey checked/.test(stderr)) resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    process.kill(-child.pid!, 'SIGINT');
    t.is(await exited, 130, `${stdout}\n${stderr}`);
    t.is(await readFile(outputFile, 'utf8'), 'verdict=interrupted\nexit-code=130\n');
    const summary = await readFile(summaryFile, 'utf8');
    t.is(summary, await readFile(join(dir, 'reports/report.md'), 'utf8'));
    t.regex(summary, /INTERRUPTED: external-target/);
    t.regex(
      stdout,
      /::error file=.*external-target\.yaml::sessionchaos: the run was interrupted before its end \(verdict interrupted\)/,
    );
  },
);

/** Runs the step with the real npm install (no SESSIONCHAOS_BIN), in an environment that makes it fail. */
async function installStep(t: ExecutionContext, change: Record<string, string>): Promise<StepResult> {
  const { dir, summaryFile, outputFile, env } = await stepEnv(t, '');
  const { SESSIONCHAOS_BIN: _bin, ...rest } = env;
  const code = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(
      '/bin/bash',
      [SCRIPT],
      {
        env: { ...rest, RUNNER_TEMP: dir, npm_config_cache: join(dir, 'npm-cache'), ...change },
        timeout: 120_000,
      },
      (error, stdout) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout }),
    );
  });
  return {
    ...code,
    summary: await readFile(summaryFile, 'utf8'),
    outputs: await readFile(outputFile, 'utf8'),
    dir,
  };
}

test('no scenario given: exit 64 with the outputs written and the fix in the step summary', async (t) => {
  const r = await installStep(t, { SESSIONCHAOS_SCENARIO: '' });
  t.is(r.code, 64, r.stdout);
  t.is(r.outputs, 'verdict=\nexit-code=64\n');
  t.regex(r.summary, /No scenario to run\. Fix: set the action input `scenario` to a scenario file/);
  t.regex(r.stdout, /::error::sessionchaos: no scenario to run/);
});

test('npm not on PATH: exit 69 with the outputs written and the fix in the step summary', async (t) => {
  const r = await installStep(t, { PATH: '/nonexistent/sessionchaos-no-npm' });
  t.is(r.code, 69, r.stdout);
  t.is(r.outputs, 'verdict=\nexit-code=69\n');
  t.regex(
    r.summary,
    /Could not install sessionchaos@latest: npm is not on PATH\. Fix: keep the actions\/setup-node step/,
  );
  t.regex(r.stdout, /::error::sessionchaos: could not install sessionchaos@latest: npm is not on PATH/);
});

test('npm install fails (registry unreachable): exit 69 with the outputs written and the fix in the step summary', async (t) => {
  // A real npm install against a registry address where nothing listens (port 9 on 127.0.0.1), no retries.
  const r = await installStep(t, {
    SESSIONCHAOS_VERSION: '1.2.3',
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_fetch_retries: '0',
    npm_config_offline: 'false',
  });
  t.is(r.code, 69, r.stdout);
  t.is(r.outputs, 'verdict=\nexit-code=69\n');
  t.regex(
    r.summary,
    /Could not install sessionchaos@1\.2\.3: npm install exited with \d+ \(its error is in the step log\)\. Fix: check that the version input names a published version/,
  );
  t.regex(r.stdout, /::error::sessionchaos: could not install sessionchaos@1\.2\.3/);
});

test('action.yml runs the script as a composite step and uploads the reports even when the step failed', async (t) => {
  const action = parse(await readFile(join(REPO, 'action/action.yml'), 'utf8')) as {
    runs: {
      using: string;
      steps: { id?: string; run?: string; uses?: string; if?: string; with?: Record<string, string> }[];
    };
    inputs: Record<string, { required?: boolean }>;
  };
  t.is(action.runs.using, 'composite');
  t.true(action.inputs.scenario?.required);
  const run = action.runs.steps.find((s) => s.id === 'run');
  t.regex(run?.run ?? '', /\$GITHUB_ACTION_PATH\/run-scenario\.sh/);
  const upload = action.runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  t.regex(upload?.if ?? '', /always\(\)/);
  t.is(upload?.with?.path, '${{ inputs.out }}');
});

test("the README's CI recipe uses the action with inputs it declares, on the user's own scenario", async (t) => {
  const readme = await readFile(join(REPO, 'README.md'), 'utf8');
  const recipe = /### In CI \(GitHub Actions\)[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const workflow = parse(recipe) as {
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
  };
  const step = Object.values(workflow.jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.uses?.endsWith('/action@v1'));
  t.truthy(step, recipe);
  const action = parse(await readFile(join(REPO, 'action/action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>;
  };
  for (const input of Object.keys(step?.with ?? {})) t.true(input in action.inputs, input);
  t.notRegex(
    step?.with?.scenario ?? '',
    /^scenarios\//,
    "the recipe runs one of our scenarios, not the user's",
  );
});
