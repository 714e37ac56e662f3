import test from 'ava';
import { render } from 'ink-testing-library';
import React from 'react';
import { HelpOverlay } from '../src/components/help-overlay.ts';
import { KEY_BINDINGS } from '../src/index.ts';

const h = React.createElement;

test('the help overlay lists every key and what it does', (t) => {
  const { lastFrame, unmount } = render(h(HelpOverlay, { interactive: true }));
  const frame = lastFrame() ?? '';
  for (const [key, what] of [
    ['k', 'kill the busiest app node'],
    ['r', 'kill a random app node'],
    ['f', 'kill the Redis primary (failover)'],
    ['p', 'pause (freeze) an app node'],
    ['n', 'partition an app node'],
    ['c', 'starve an app node of CPU (a tenth of one)'],
    ['h', 'heal every active fault'],
    ['space', 'pause / resume traffic'],
    ['q', 'stop the run'],
    ['Ctrl-C', 'quit too'],
    ['?', 'show / hide this help'],
  ] as const)
    t.regex(frame, new RegExp(`│ ${key.replace('?', '\\?')} +${what.replace(/[()/]/g, '\\$&')}`));
  // cpu-stress's key came from its registry entry: the overlay lists it with no change of its own.
  t.is(KEY_BINDINGS.length, 9);
  t.regex(frame, /recorded and healed like scheduled ones/);
  unmount();
});

test('without fault injection the overlay says the fault keys are off', (t) => {
  const { lastFrame, unmount } = render(h(HelpOverlay, { interactive: false }));
  t.regex(lastFrame() ?? '', /Fault keys are off/);
  unmount();
});
