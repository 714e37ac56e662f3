import test from 'ava';
import { FindingAccumulator } from '../../src/checkers/accumulator.ts';
import { checkHistory } from '../../src/checkers/check-history.ts';
import type { CheckerFactory } from '../../src/checkers/checker.ts';
import { crossUserLeakChecker } from '../../src/checkers/cross-user-leak.ts';
import { errorSpikeChecker } from '../../src/checkers/error-spike.ts';
import { unauthorizedSpikeChecker } from '../../src/checkers/unauthorized-spike.ts';
import { MAX_EXAMPLES } from '../../src/checkers/finding.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import type { VuOp } from '../../src/history/op.ts';
import { login, whoami } from './journey.ts';

/** A checker that flags every 401 completion (and, at the end, one window with no op). */
const every401: CheckerFactory = (ctx) => {
  const acc = new FindingAccumulator('lost-session', 'major', ctx);
  return {
    kinds: ['lost-session'],
    feed(op: VuOp) {
      if (op.type !== 'invoke' && op.status === 401) acc.add(op.time, op.process);
    },
    finish: () => acc.toFindings(() => 'test'),
  };
};

test('a finding keeps the history indices of its first ops, one per user, at most MAX_EXAMPLES', (t) => {
  const h = new HistoryBuilder();
  for (let vu = 1; vu <= 5; vu++) login(h, vu, vu * 10, `s${vu}`);
  // VU 1 is refused twice before anyone else: its second refusal is not a second example.
  whoami(h, 1, 100, 's1', null);
  whoami(h, 1, 110, 's1', null);
  whoami(h, 2, 120, 's2');
  for (let vu = 2; vu <= 5; vu++) whoami(h, vu, 200 + vu, `s${vu}`, null);
  const refused = h.ops.filter(
    (op): op is VuOp => op.type !== 'invoke' && 'status' in op && op.status === 401,
  );
  const [finding] = checkHistory(h.ops, {}, [every401]).findings;
  t.is(finding!.count, 6);
  t.is(MAX_EXAMPLES, 3);
  // VU 1's first refusal, then VU 2's and VU 3's: VU 1's second refusal and VUs 4-5 are left out.
  t.deepEqual(
    finding!.examples,
    [refused[0]!, refused[2]!, refused[3]!].map((op) => op.index),
  );
  t.deepEqual(
    finding!.examples.map((i) => h.ops[i]!.process),
    [1, 2, 3],
  );
});

test('an occurrence away from the op being fed (a window judged later) has no example', (t) => {
  const late: CheckerFactory = (ctx) => {
    const acc = new FindingAccumulator('hotspot', 'minor', ctx, { badOps: false });
    let seen = 0;
    return {
      kinds: ['hotspot'],
      feed(op: VuOp) {
        // Reported at an earlier time than the op in hand (as a window closing does), for its VU.
        if (op.type !== 'invoke' && ++seen === 3) acc.add(op.time - 50, op.process);
        // Named explicitly: the index given is kept.
        if (op.type !== 'invoke' && seen === 4) acc.add(op.time - 50, 9, 1, 1);
      },
      finish: () => acc.toFindings(() => 'test'),
    };
  };
  const h = new HistoryBuilder();
  for (let i = 0; i < 4; i++) whoami(h, 1, i * 100, 's1');
  const [finding] = checkHistory(h.ops, {}, [late]).findings;
  t.is(finding!.count, 2);
  t.deepEqual(finding!.examples, [1]);
});

test('a real checker: the cross-user leak example is the answer that named another user', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  login(h, 2, 5, 's2');
  whoami(h, 1, 50, 's1');
  whoami(h, 2, 60, 's2', 'user-1');
  const leak = h.ops.at(-1)!;
  const [finding] = checkHistory(h.ops, {}, [crossUserLeakChecker]).findings;
  t.is(finding!.kind, 'cross-user-leak');
  t.deepEqual(finding!.examples, [leak.index]);
  t.is((h.ops[finding!.examples[0]!] as VuOp).identity, 'user-1');
});

test('windowed checkers: a 401 spike and an error spike name the first refusal or error of their users', (t) => {
  const h = new HistoryBuilder();
  for (let vu = 1; vu <= 10; vu++) login(h, vu, vu, `s${vu}`);
  // Three quiet seconds set the baseline, then in the fourth half the users are refused, and in
  // the fifth every user meets a 500 (two nodes failing together would be a store outage: one here).
  for (let s = 1; s <= 5; s++)
    for (let vu = 1; vu <= 10; vu++) {
      const at = s * 1_000 + vu * 10;
      if (s === 4 && vu <= 5) whoami(h, vu, at, `s${vu}`, null);
      else if (s === 5)
        h.step(
          vu,
          'whoami',
          at,
          at + 5,
          { session: `s${vu}` },
          { status: 500, session: `s${vu}`, node: 'app-1' },
        );
      else whoami(h, vu, at, `s${vu}`);
    }
  const { findings } = checkHistory(h.ops, { minWindowRequests: 5, minWindowVus: 5 }, [
    unauthorizedSpikeChecker,
    errorSpikeChecker,
  ]);
  const spike = findings.find((f) => f.kind === 'unauthorized-spike')!;
  t.is(spike.examples.length, MAX_EXAMPLES);
  for (const i of spike.examples) t.is((h.ops[i] as VuOp).status, 401);
  const errors = findings.find((f) => f.kind === 'error-spike')!;
  t.is(errors.examples.length, MAX_EXAMPLES);
  for (const i of errors.examples) t.is((h.ops[i] as VuOp).status, 500);
  // One per user: the examples are distinct users' ops.
  t.is(new Set(errors.examples.map((i) => h.ops[i]!.process)).size, MAX_EXAMPLES);
});
