import test from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeByRunId, requireDocker } from '@sessionchaos/testkit';

// The real CLI in a real terminal: tmux gives it a TTY, so the Ink dashboard comes up, and the test
// reads the screen and presses keys the way a person would.

const repo = fileURLToPath(new URL('..', import.meta.url));
const session = `sc-dash-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'sc-dash-'));
let runId: string | undefined;

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', session, '-S', '-200');

async function waitFor(what: string, check: (s: string) => boolean, timeoutMs = 90_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    last = screen();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
}

test.after.always(async () => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    // already gone
  }
  if (runId) await removeByRunId(runId);
});

test('the dashboard comes up in a terminal, k kills the busiest node, the damage shows, q exits and leaves no container', async (t) => {
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
  const command =
    `cd ${repo} && ${process.execPath} --conditions=@sessionchaos/source --disable-warning=ExperimentalWarning ` +
    `packages/cli/src/main.ts run ${scenario} --out ${out} --seed 5; echo $? > ${exitFile}; sleep 600`;
  tmux('new-session', '-d', '-s', session, '-x', '150', '-y', '50', command);

  const started = await waitFor('the lab', (s) => /\(run (lab-[0-9a-f]+)\)/.test(s));
  runId = /\(run (lab-[0-9a-f]+)\)/.exec(started)![1];
  const up = await waitFor('the dashboard with sessions on the nodes', (s) => {
    const sessions = [...s.matchAll(/app-\d .* (\d+) sessions/g)].map((m) => Number(m[1]));
    return /throughput/.test(s) && sessions.length === 3 && sessions.reduce((a, b) => a + b, 0) >= 10;
  });
  t.regex(up, /sessionchaos dashboard-terminal/);
  t.regex(up, /strategy sticky/);

  tmux('send-keys', '-t', session, 'k');
  const hit = await waitFor('the killed node', (s) => /DOWN \(key-kill-busiest-1#1\)/.test(s));
  t.regex(hit, /key-kill-busiest-1#1/);
  const damage = await waitFor('lost sessions after the kill', (s) => /lost-session +\d+/.test(s));
  t.regex(damage, /lost-session +\d+ .*in key-kill-busiest-1#1/);

  tmux('send-keys', '-t', session, 'q');
  const end = Date.now() + 90_000;
  while (!existsSync(exitFile) && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
  const code = Number(readFileSync(exitFile, 'utf8').trim());
  t.is(code, 1, screen()); // the gate fails: sessions were lost
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
    faults: { id: string; action: string; healed: boolean }[];
    findings: { kind: string }[];
  };
  t.like(summary.faults[0], { id: 'key-kill-busiest-1#1', action: 'kill', healed: true });
  t.true(summary.findings.some((f) => f.kind === 'lost-session'));
  const left = execFileSync('docker', ['ps', '-aq', '--filter', `label=dev.sessionchaos.run=${runId}`], {
    encoding: 'utf8',
  });
  t.is(left.trim(), '', 'the lab containers are gone');
});
