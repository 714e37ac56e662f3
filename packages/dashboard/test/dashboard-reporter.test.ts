import { HistoryBuilder } from '@sessionchaos/core';
import test from 'ava';
import { stripVTControlCharacters } from 'node:util';
import { DashboardReporter } from '../src/dashboard-reporter.ts';
import type { DashboardCommand, LiveReporter } from '../src/index.ts';
import { FakeStdin, FakeStdout, until } from './helpers/fake-tty.ts';
import { labInfo, logIn } from './helpers/run-fixtures.ts';

interface Harness {
  reporter: DashboardReporter;
  stdout: FakeStdout;
  stdin: FakeStdin;
  commands: DashboardCommand[];
  screen: () => string;
}

function harness(interactive = true): Harness {
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const commands: DashboardCommand[] = [];
  let nowMs = 5_000;
  const reporter = new DashboardReporter({
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    controls: { command: (c) => commands.push(c) },
    now: () => (nowMs += 1),
  });
  reporter.start(labInfo({ interactive }));
  return {
    reporter,
    stdout,
    stdin,
    commands,
    screen: () => stripVTControlCharacters(stdout.frames.join('')),
  };
}

async function stop(r: LiveReporter): Promise<void> {
  await r.stop({ verdict: 'pass', lines: [] });
}

test('keys reach the controls through the reporter (fake TTY streams)', async (t) => {
  const { reporter, stdin, commands } = harness();
  await until(() => stdin.listenerCount('readable') > 0);
  for (const key of ['k', 'f', 'h', ' ', 'q']) stdin.type(key);
  await until(() => commands.length === 5);
  t.deepEqual(commands, ['kill-busiest', 'kill-redis-primary', 'heal-all', 'toggle-traffic', 'quit']);
  await stop(reporter);
});

test('without fault injection a fault key shows a notice instead of acting (fake TTY streams)', async (t) => {
  const { reporter, stdin, commands, screen } = harness(false);
  await until(() => stdin.listenerCount('readable') > 0);
  stdin.type('k');
  await until(() => screen().includes('this run cannot inject faults'));
  t.regex(screen(), /"k" \(kill-busiest\) does nothing here: this run cannot inject faults into its target/);
  stdin.type(' ');
  stdin.type('q');
  await until(() => commands.length === 2);
  t.deepEqual(commands, ['toggle-traffic', 'quit']);
  await stop(reporter);
});

test('ops, findings and notices show up in a frame; stop draws the verdict and gives the terminal back', async (t) => {
  const { reporter, stdin, screen } = harness();
  const b = new HistoryBuilder();
  logIn(b, 3, 1_000);
  b.faultInvoke('kill-busiest#1', 'kill', 2_000, { target: 'app' });
  b.faultDone('kill-busiest#1', 'kill', 2_010, { target: 'app', victims: ['app-1'] });
  for (const op of b.ops) reporter.add(op);
  reporter.finding('lost-session', 2_500, 2);
  reporter.notice('healing 1 active fault(s)');
  await until(() => screen().includes('healing 1 active fault(s)'));
  t.regex(screen(), /app-1 .* DOWN \(kill-busiest#1\)/);
  t.regex(screen(), /lost-session +2 .* in kill-busiest#1/);
  await reporter.stop({ verdict: 'fail', lines: ['verdict fail'] });
  t.regex(screen(), /verdict FAIL/);
  // The last frame reads no keys: Ink has let go of stdin.
  t.is(stdin.listenerCount('readable'), 0);
  // Stopping twice is harmless.
  await stop(reporter);
});

test('100k add() calls cause a bounded number of renders (renders counted, not timed)', async (t) => {
  const { reporter } = harness();
  const b = new HistoryBuilder();
  const vus = logIn(b, 100, 0);
  for (let i = 0; b.ops.length < 100_000; i++) {
    const vu = vus[i % vus.length] ?? 1;
    b.step(
      vu,
      'whoami',
      1_000 + i,
      1_010 + i,
      {},
      { status: 200, node: `app-${(vu % 3) + 1}`, identity: `user-${vu}` },
    );
  }
  const first = reporter.renders;
  for (const op of b.ops) reporter.add(op);
  // add() only counts and asks for a frame: none is drawn while the ops pour in.
  t.is(reporter.renders, first);
  await until(() => reporter.renders > first);
  t.is(reporter.renders, first + 1);
  await stop(reporter);
  t.true(reporter.renders <= first + 2);
});
