import { HistoryBuilder } from '@sessionchaos/core';
import test from 'ava';
import { createLiveReporter, createProgressReporter } from '../src/index.ts';
import { FakeStdin, FakeStdout, until } from './helpers/fake-tty.ts';
import { labInfo, logIn, stickyNode, whoamiEverySecond } from './helpers/run-fixtures.ts';

test('a plain line with elapsed, rps, status mix, users logged in and findings every interval', async (t) => {
  const lines: string[] = [];
  let nowMs = 0;
  const reporter = createProgressReporter({ write: (l) => lines.push(l), intervalMs: 10, now: () => nowMs });
  reporter.start(labInfo());
  const b = new HistoryBuilder();
  const vus = logIn(b, 10, 0);
  whoamiEverySecond(b, vus, 1_000, 5_000, (vu) =>
    vu === 10
      ? { status: 401, node: stickyNode(vu), identity: null }
      : { status: 200, node: stickyNode(vu), identity: `user-${vu}` },
  );
  for (const op of b.ops) reporter.add(op);
  reporter.finding('lost-session', 1_500, 1);
  nowMs = 5_000;
  await until(() => lines.length >= 2);
  // 50 completions over the 5 s since start: 10 logins and 40 whoami, VU 10's 4 of them refused:
  // VU 10's login was never confirmed by a whoami naming it, so 9 of 10 users logged in.
  t.is(
    lines[0],
    '[0:05/0:30]  10 rps  2xx 92% 3xx 0% 4xx 8.0% 5xx 0% err 0%  p99 10 ms  VUs 10  logged in 9/10 users  findings: lost-session 1',
  );
  // The next line covers the interval since the last one: nothing new came.
  t.regex(lines[1] ?? '', /^\[0:05\/0:30\] {2}0 rps /);
  await reporter.stop({ verdict: 'fail', lines: [] });
  t.is(lines.at(-1), '[0:05] done: verdict fail');
});

test('faults and notices are told at once, not at the next interval', async (t) => {
  const lines: string[] = [];
  const reporter = createProgressReporter({
    write: (l) => lines.push(l),
    intervalMs: 60_000,
    now: () => 12_000,
  });
  reporter.start(labInfo());
  const b = new HistoryBuilder();
  b.faultInvoke('kill-busiest#1', 'kill', 10_000, { target: 'app' });
  b.faultDone('kill-busiest#1', 'kill', 10_050, {
    target: 'app',
    victims: ['app-2'],
    detail: 'app-2 killed (SIGKILL)',
  });
  b.faultInvoke('kill-busiest#1', 'heal', 18_000);
  b.faultDone('kill-busiest#1', 'heal', 18_300, { detail: 'app-2 started' });
  b.faultInvoke('pause-one#1', 'pause', 24_000, { target: 'app' });
  b.faultDone('pause-one#1', 'pause', 24_010, { error: 'no victim matched app' }, 'fail');
  for (const op of b.ops) reporter.add(op);
  reporter.notice('traffic paused (space resumes)');
  t.deepEqual(lines, [
    '[0:10] fault kill-busiest#1: kill app -> app-2 (app-2 killed (SIGKILL))',
    '[0:18] fault kill-busiest#1 healed (app-2 started)',
    '[0:24] fault pause-one#1: pause failed - no victim matched app',
    '[0:12] traffic paused (space resumes)',
  ]);
  await reporter.stop({ verdict: 'pass', lines: [] });
});

test('createLiveReporter falls back to progress lines when stdout or stdin is not a terminal, or when told to', async (t) => {
  const cases: { stdoutTTY: boolean; stdinTTY: boolean; dashboard?: boolean; plain: boolean }[] = [
    { stdoutTTY: false, stdinTTY: true, plain: true },
    { stdoutTTY: true, stdinTTY: false, plain: true },
    { stdoutTTY: true, stdinTTY: true, dashboard: false, plain: true },
    { stdoutTTY: true, stdinTTY: true, plain: false },
  ];
  for (const c of cases) {
    const stdout = Object.assign(new FakeStdout(), { isTTY: c.stdoutTTY });
    const stdin = Object.assign(new FakeStdin(), { isTTY: c.stdinTTY });
    const reporter = createLiveReporter({
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      controls: { command: () => {} },
      now: () => 1_000,
      ...(c.dashboard === undefined ? {} : { dashboard: c.dashboard }),
    });
    reporter.start(labInfo());
    reporter.notice('hello');
    await reporter.stop({ verdict: 'pass', lines: [] });
    const out = stdout.frames.join('');
    t.is(out.startsWith('[0:01] hello\n'), c.plain, JSON.stringify(c));
    t.is(out.includes('sessionchaos sticky-busiest-killed'), !c.plain, JSON.stringify(c));
  }
});

test('the progress line says how many logins were tried when none got through', async (t) => {
  const lines: string[] = [];
  const reporter = createProgressReporter({ write: (l) => lines.push(l), intervalMs: 10, now: () => 3_000 });
  reporter.start(labInfo());
  const b = new HistoryBuilder();
  for (let vu = 1; vu <= 10; vu++) b.step(vu, 'login', vu, vu + 5, { user: `user-${vu}` }, { status: 403 });
  for (const op of b.ops) reporter.add(op);
  await until(() => lines.length >= 1);
  t.regex(lines[0]!, / {2}logged in 0\/10 users \(10 logins, none accepted\) {2}/);
  await reporter.stop({ verdict: 'unknown', lines: [] });
});
