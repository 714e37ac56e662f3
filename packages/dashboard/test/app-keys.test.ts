import test from 'ava';
import { render } from 'ink-testing-library';
import React from 'react';
import { App } from '../src/components/app.ts';
import type { DashboardCommand } from '../src/index.ts';
import { until } from './helpers/fake-tty.ts';
import { labInfo, stateOf } from './helpers/run-fixtures.ts';

const h = React.createElement;

async function press(keys: string[]): Promise<{ commands: DashboardCommand[]; frame: () => string }> {
  const commands: DashboardCommand[] = [];
  const snapshot = stateOf(labInfo(), []).snapshot(1_000);
  const r = render(h(App, { snapshot, onCommand: (c: DashboardCommand) => commands.push(c) }));
  // Ink listens once raw mode is on; typing before that would be lost.
  await until(() => r.stdin.listenerCount('readable') > 0);
  for (const key of keys) {
    const before = r.frames.length + commands.length;
    r.stdin.write(key);
    await until(() => r.frames.length + commands.length > before);
  }
  r.unmount();
  return { commands, frame: () => r.lastFrame() ?? '' };
}

const EXPECTED: [string, DashboardCommand][] = [
  ['k', 'kill-busiest'],
  ['r', 'kill-random'],
  ['f', 'kill-redis-primary'],
  ['p', 'pause-node'],
  ['n', 'partition-node'],
  ['c', 'starve-node'],
  ['h', 'heal-all'],
  [' ', 'toggle-traffic'],
  ['q', 'quit'],
];

for (const [key, command] of EXPECTED) {
  test(`pressing ${key === ' ' ? 'space' : key} asks for ${command}`, async (t) => {
    const { commands } = await press([key]);
    t.deepEqual(commands, [command]);
  });
}

test('Ctrl-C quits like q', async (t) => {
  const { commands } = await press(['\u0003']);
  t.deepEqual(commands, ['quit']);
});

test('? shows the help overlay in place of the panels, and hides it again', async (t) => {
  const commands: DashboardCommand[] = [];
  const snapshot = stateOf(labInfo(), []).snapshot(1_000);
  const r = render(h(App, { snapshot, onCommand: (c: DashboardCommand) => commands.push(c) }));
  await until(() => r.stdin.listenerCount('readable') > 0);
  t.regex(r.lastFrame() ?? '', /throughput/);
  r.stdin.write('?');
  await until(() => /kill the busiest app node/.test(r.lastFrame() ?? ''));
  t.notRegex(r.lastFrame() ?? '', /throughput/);
  r.stdin.write('?');
  await until(() => /throughput/.test(r.lastFrame() ?? ''));
  t.deepEqual(commands, []);
  r.unmount();
});

test('other keys do nothing', async (t) => {
  const commands: DashboardCommand[] = [];
  const snapshot = stateOf(labInfo(), []).snapshot(1_000);
  const r = render(h(App, { snapshot, onCommand: (c: DashboardCommand) => commands.push(c) }));
  await until(() => r.stdin.listenerCount('readable') > 0);
  r.stdin.write('x');
  r.stdin.write('k');
  await until(() => commands.length > 0);
  t.deepEqual(commands, ['kill-busiest']);
  r.unmount();
});
