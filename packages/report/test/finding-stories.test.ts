import test from 'ava';
import { HistoryBuilder } from '@sessionchaos/core';
import { renderHtml, renderMarkdown, StoryCollector } from '../src/index.ts';
import { fixtureHistory, fixtureInput } from './run-fixture.ts';
import { login, whoami } from './journey.ts';

const storiesOf = (ops: ReturnType<typeof fixtureHistory>, examples: number[][]) => {
  const c = new StoryCollector(examples.map((e) => ({ examples: e })));
  for (const op of ops) c.feed(op);
  return c.stories();
};

test('a lost session told from the history: seen alive, refused, logged in again', (t) => {
  const input = fixtureInput();
  const lost = input.analysis.check.findings.find((f) => f.kind === 'lost-session')!;
  const stories = storiesOf(fixtureHistory(), [lost.examples]);
  t.deepEqual(stories, [
    [
      'user-2: whoami named user-2 on app-2 at 7.86 s; whoami answered 401 as nobody on app-1 at 8.11 s and 8.12 s; ' +
        'logged in again on app-1 at 8.13 s',
      'user-5: whoami named user-5 on app-2 at 7.86 s; whoami answered 401 as nobody on app-1 at 8.11 s and 8.12 s; ' +
        'logged in again on app-1 at 8.14 s',
    ],
  ]);
});

test('a story is bounded: the example and 3 ops after it, equal steps merged; a user never seen alive has no "before"', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1', 'app-1');
  whoami(h, 1, 100, 's1', 'app-1', 200);
  // VU 2 never named: its refusals have nothing before them.
  for (let i = 0; i < 10; i++) {
    whoami(h, 1, 1000 + i * 100, 's1', 'app-2', 401);
    whoami(h, 2, 1010 + i * 100, 's2', 'app-3', 503);
  }
  const first401 = h.ops.findIndex((op) => 'status' in op && op.type !== 'invoke' && op.status === 401);
  const first503 = h.ops.findIndex((op) => 'status' in op && op.type !== 'invoke' && op.status === 503);
  const [[one, two]] = storiesOf(h.ops, [[first401, first503]]) as [[string, string]];
  // The example at 1.005 s and 3 more refusals (5 ms after each send), merged into one phrase: 4 of 10, not all.
  t.is(
    one,
    'user-1: whoami named user-1 on app-1 at 0.10 s; ' +
      'whoami answered 401 as nobody on app-2 4 times from 1.00 s to 1.30 s',
  );
  t.is(two, 'VU 2: whoami answered 503 on app-3 4 times from 1.01 s to 1.31 s');
});

test('report.md and report.html show the description and each example as a story', (t) => {
  const input = fixtureInput();
  const lost = input.analysis.check.findings.find((f) => f.kind === 'lost-session')!;
  const stories = input.analysis.check.findings.map((f) =>
    f === lost ? storiesOf(fixtureHistory(), [f.examples])[0]! : [],
  );
  const told = { ...input, stories };
  const md = renderMarkdown(told);
  t.regex(md, /^_Sticky sessions lose every session of a killed node\._$/m);
  t.regex(
    md,
    /^- `lost-session` \(kill-busiest#1\): user-2: whoami named user-2 on app-2 at 7\.86 s; whoami answered 401 as nobody on app-1 at 8\.11 s and 8\.12 s; logged in again on app-1 at 8\.13 s$/m,
  );
  t.regex(md, /^- `lost-session` \(kill-busiest#1\): user-5: /m);
  const html = renderHtml(told);
  t.regex(html, /<p class="desc">Sticky sessions lose every session of a killed node\.<\/p>/);
  t.regex(
    html,
    /<li><code>lost-session<\/code> \(kill-busiest#1\): user-2: whoami named user-2 on app-2 at 7\.86 s; /,
  );
  // Without stories (an older caller), no evidence list, and nothing else changes.
  t.notRegex(renderMarkdown(input), /Evidence:/);
  t.notRegex(renderHtml(input), /class="stories"/);
});
