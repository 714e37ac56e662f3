import test from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabCluster } from '@sessionchaos/lab';
import { removeByRunId, requireDocker } from '@sessionchaos/testkit';

// The real CLI in a real terminal: tmux gives it a TTY, so the Ink dashboard comes up, and the test
// reads the screen and presses keys the way a person would.

const repo = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sc-dash-'));
const sessions: string[] = [];
const runIds: string[] = [];

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

/** The CLI in a new tmux window of 150x50; its exit code lands in `exitFile`. */
function startCli(
  name: string,
  args: string,
  exitFile: string,
): { screen: () => string; press: (key: string) => void } {
  const session = `sc-dash-${process.pid}-${name}`;
  sessions.push(session);
  const command =
    `cd ${repo} && ${process.execPath} --conditions=@sessionchaos/source --disable-warning=ExperimentalWarning ` +
    `packages/cli/src/main.ts run ${args}; echo $? > ${exitFile}; sleep 600`;
  tmux('new-session', '-d', '-s', session, '-x', '150', '-y', '50', command);
  return {
    screen: () => tmux('capture-pane', '-p', '-t', session, '-S', '-200'),
    press: (key) => void tmux('send-keys', '-t', session, key),
  };
}

async function waitFor(
  screen: () => string,
  what: string,
  check: (s: string) => boolean,
  timeoutMs = 90_000,
): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    last = screen();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
}

/** The dashboard is up, with at least 10 live sessions spread over the three app nodes. */
function sessionsOnThreeNodes(screen: string): boolean {
  const sessions = [...screen.matchAll(/app-\d .* (\d+) sessions/g)].map((m) => Number(m[1]));
  return /throughput/.test(screen) && sessions.length === 3 && sessions.reduce((a, b) => a + b, 0) >= 10;
}

async function exitCode(exitFile: string, screen: () => string): Promise<number> {
  const end = Date.now() + 90_000;
  while (!existsSync(exitFile) && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
  if (!existsSync(exitFile)) throw new Error(`the CLI did not exit; the screen was:\n${screen()}`);
  return Number(readFileSync(exitFile, 'utf8').trim());
}

test.after.always(async () => {
  for (const session of sessions) {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // already gone
    }
  }
  for (const runId of runIds) await removeByRunId(runId);
});

test.serial(
  'the dashboard comes up in a terminal, k kills the busiest node, the damage shows, q exits and leaves no container',
  async (t) => {
    await requireDocker();
    const scenario = join(dir, 'dashboard.yaml');
    writeFileSync(
      scenario,
      [
        'name: dashboard-terminal',
        'description: Sticky sessions with no scheduled fault; the test kills the busiest node from the keyboard.',
        'target: { lab: { strategy: sticky, nodes: 3 } }',
        'load: { users: 20, duration: 90s, think: 100ms }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const exitFile = join(dir, 'exit');
    const { screen, press } = startCli('lab', `${scenario} --out ${out} --seed 5`, exitFile);

    const started = await waitFor(screen, 'the lab', (s) => /\(run (lab-[0-9a-f]+)\)/.test(s));
    const runId = /\(run (lab-[0-9a-f]+)\)/.exec(started)![1]!;
    runIds.push(runId);
    const up = await waitFor(screen, 'the dashboard with sessions on the nodes', sessionsOnThreeNodes);
    t.regex(up, /sessionchaos dashboard-terminal/);
    t.regex(up, /strategy sticky/);

    press('k');
    const hit = await waitFor(screen, 'the killed node', (s) => /DOWN \(key-kill-busiest-1#1\)/.test(s));
    t.regex(hit, /key-kill-busiest-1#1/);
    const damage = await waitFor(screen, 'lost sessions after the kill', (s) => /lost-session +\d+/.test(s));
    t.regex(damage, /lost-session +\d+ .*in key-kill-busiest-1#1/);

    press('q');
    // q ends the run before its plan: interrupted (130), never a verdict of the whole run; the part
    // that ran failed its gate (sessions were lost), and the reason says so.
    t.is(await exitCode(exitFile, screen), 130, screen());
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      verdict: string;
      faults: { id: string; action: string; healed: boolean }[];
      findings: { kind: string }[];
    };
    t.is(summary.verdict, 'interrupted');
    t.like(summary.faults[0], { id: 'key-kill-busiest-1#1', action: 'kill', healed: true });
    t.true(summary.findings.some((f) => f.kind === 'lost-session'));
    const left = execFileSync('docker', ['ps', '-aq', '--filter', `label=dev.sessionchaos.run=${runId}`], {
      encoding: 'utf8',
    });
    t.is(left.trim(), '', 'the lab containers are gone');
  },
);

test.serial(
  "on a URL target the keys act on the scenario's own containers: k kills the busiest, shown as its node",
  async (t) => {
    await requireDocker();
    // A cluster sessionchaos did not start for this run: a sticky lab, addressed by its URL and its
    // containers by label, as a user's own compose project would be.
    await using lab = await new LabCluster({ strategy: 'sticky', nodes: 3 }).start();
    runIds.push(lab.runId);
    const scenario = join(dir, 'external.yaml');
    writeFileSync(
      scenario,
      [
        'name: dashboard-external',
        'description: A sticky cluster given by URL; its containers by label. The test kills the busiest from the keyboard.',
        `target: { url: "${lab.url}" }`,
        'load: { users: 20, duration: 90s, think: 100ms }',
        'faults:',
        `  - { id: late, action: pause, target: { label: "dev.sessionchaos.run=${lab.runId}" }, at: 85s, duration: 1s }`,
        '',
      ].join('\n'),
    );
    const out = join(dir, 'out-external');
    const exitFile = join(dir, 'exit-external');
    const { screen, press } = startCli(
      'external',
      `${scenario} --out ${out} --seed 5 --allow-external`,
      exitFile,
    );
    await waitFor(screen, 'the dashboard with sessions on the nodes', sessionsOnThreeNodes);
    press('f');
    await waitFor(screen, 'the notice that f needs the lab', (s) =>
      /f kills the lab's Redis primary; this run targets a URL/.test(s),
    );
    press('k');
    const hit = await waitFor(screen, 'the killed node', (s) =>
      /app-\d .*DOWN \(key-kill-busiest-1#1\)/.test(s),
    );
    const down = /(app-\d) .*DOWN/.exec(hit)![1]!;
    await waitFor(screen, 'lost sessions after the kill', (s) =>
      /lost-session +\d+ .*in key-kill-busiest-1#1/.test(s),
    );
    press('q');
    t.is(await exitCode(exitFile, screen), 130, screen()); // q: interrupted before the plan's end
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      faults: { id: string; action: string; healed: boolean; victims?: string[] }[];
    };
    t.like(summary.faults[0], { id: 'key-kill-busiest-1#1', action: 'kill', healed: true });
    t.deepEqual(summary.faults[0]!.victims, [`sc-${lab.runId}-${down}`]);
    // The heal started the container again: the cluster is whole, and the run left it running.
    const state = execFileSync('docker', ['inspect', '-f', '{{.State.Running}}', `sc-${lab.runId}-${down}`], {
      encoding: 'utf8',
    });
    t.is(state.trim(), 'true');
  },
);
