import test from 'ava';
import { runChecker } from '../../src/checkers/check-history.ts';
import { errorSpikeChecker } from '../../src/checkers/error-spike.ts';
import { hotspotChecker } from '../../src/checkers/hotspot.ts';
import { unauthorizedSpikeChecker } from '../../src/checkers/unauthorized-spike.ts';
import type { VuFields } from '../../src/history/op-builders.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import type { OpType } from '../../src/history/op.ts';
import { RunMetrics } from '../../src/metrics/run-metrics.ts';

/** `vus` VUs each do one whoami per 100 ms for `seconds`; `outcome` decides each answer. */
function traffic(
  h: HistoryBuilder,
  vus: number,
  seconds: number,
  outcome: (vu: number, time: number) => { done: VuFields; type?: OpType },
): void {
  for (let time = 0; time < seconds * 1000; time += 100) {
    for (let vu = 1; vu <= vus; vu++) {
      const { done, type } = outcome(vu, time);
      h.step(vu, 'whoami', time, time + 10, { session: `s${vu}` }, done, type);
    }
  }
}

const ok = (node: string) => ({ done: { status: 200, identity: 'x', node } });

test('unauthorized-spike: flags a jump in 401s over a low baseline', (t) => {
  const h = new HistoryBuilder();
  // 10 VUs × 10 requests/s; VU 1 always gets 401 (10% baseline); from 5 s on, VUs 1-5 get it.
  traffic(h, 10, 8, (vu, time) =>
    vu === 1 || (time >= 5000 && time < 6000 && vu <= 5)
      ? { done: { status: 401, identity: null } }
      : ok('app-1'),
  );
  const [finding, ...rest] = runChecker(unauthorizedSpikeChecker, h.ops, { unauthorizedRate: 0.05 });
  t.deepEqual(rest, []);
  t.is(finding!.count, 50);
  t.is(finding!.firstAtMs, 5010); // the first refusal of the spiking window
  t.deepEqual(finding!.users, [1, 2, 3, 4, 5]);
});

test('unauthorized-spike: a steady low rate of expected 401s is not a spike', (t) => {
  const h = new HistoryBuilder();
  traffic(h, 10, 8, (vu) => (vu === 1 ? { done: { status: 401, identity: null } } : ok('app-1')));
  t.deepEqual(runChecker(unauthorizedSpikeChecker, h.ops, { unauthorizedRate: 0.05 }), []);
});

test('unauthorized-spike: refusals of the logout-replay probe are its good outcome, not a spike', (t) => {
  const h = new HistoryBuilder();
  // The same jump as above, but every refusal is a replayed stale cookie.
  const probe = 'replay-after-logout';
  traffic(h, 10, 8, (vu, time) =>
    time >= 5000 && time < 6000 && vu <= 5 ? { done: { status: 401, identity: null, probe } } : ok('app-1'),
  );
  t.deepEqual(runChecker(unauthorizedSpikeChecker, h.ops, { unauthorizedRate: 0.05 }), []);
});

test('hotspot: flags one node serving most sessions', (t) => {
  const h = new HistoryBuilder();
  traffic(h, 20, 3, (vu) => ok(vu <= 14 ? 'app-1' : vu <= 17 ? 'app-2' : 'app-3'));
  const [finding] = runChecker(hotspotChecker, h.ops, {
    hotspotWindowMs: 1000,
    hotspotMinSamples: 10,
    nodes: 3,
  });
  t.is(finding!.count, 3);
  t.regex(finding!.detail, /app-1 served 70\.0% of live sessions at worst \(limit 41\.7%\)/);
});

test('hotspot: balanced traffic is fine', (t) => {
  const h = new HistoryBuilder();
  traffic(h, 21, 3, (vu, time) => ok(`app-${((vu + time / 100) % 3) + 1}`));
  t.deepEqual(
    runChecker(hotspotChecker, h.ops, { hotspotWindowMs: 1000, hotspotMinSamples: 10, nodes: 3 }),
    [],
  );
});

test('hotspot: an even balancer is not flagged for an uneven share of 404s or 500s', (t) => {
  const h = new HistoryBuilder();
  // Round robin over three nodes; app-1 answers most requests with 404 (a missing route there),
  // app-2 some with 500. Counting only ok answers made app-3 look like it served over half.
  traffic(h, 21, 3, (vu, time) => {
    const n = ((vu + time / 100) % 3) + 1;
    const node = `app-${n}`;
    if (n === 1 && vu % 10 !== 0) return { done: { status: 404, node } };
    if (n === 2 && vu % 3 === 0) return { done: { status: 500, node } };
    return ok(node);
  });
  const options = { hotspotWindowMs: 1000, hotspotMinSamples: 10, nodes: 3 };
  t.deepEqual(runChecker(hotspotChecker, h.ops, options), []);
  // The near miss: one node really taking most requests, refused or not, is still flagged.
  const skewed = new HistoryBuilder();
  traffic(skewed, 21, 3, (vu, time) => {
    const node = vu <= 14 ? 'app-1' : `app-${((vu + time / 100) % 2) + 2}`;
    return node === 'app-1' ? { done: { status: 404, node } } : ok(node);
  });
  const [finding] = runChecker(hotspotChecker, skewed.ops, options);
  t.is(finding!.count, 3);
  t.regex(finding!.detail, /app-1 served 66\.7% of live sessions at worst/);
});

test('store-outage: every node answering 5xx together', (t) => {
  const h = new HistoryBuilder();
  h.fault('redis-down', 'kill', 1000, 2000, { target: 'redis-primary' });
  traffic(h, 10, 4, (vu, time) =>
    time >= 1000 && time < 2000
      ? { done: { status: 500, node: `app-${(vu % 2) + 1}` } }
      : ok(`app-${(vu % 2) + 1}`),
  );
  const findings = runChecker(errorSpikeChecker, h.ops);
  t.is(findings.length, 1);
  t.is(findings[0]!.kind, 'store-outage');
  t.is(findings[0]!.count, 100);
  t.is(findings[0]!.fault, 'redis-down');
  t.is(findings[0]!.affectedUsers, 10);
});

test('error-spike: most users timing out', (t) => {
  const h = new HistoryBuilder();
  traffic(h, 10, 3, (vu, time) =>
    time >= 1000 && time < 2000 && vu <= 6 ? { done: { error: 'timeout' }, type: 'info' } : ok('app-1'),
  );
  const findings = runChecker(errorSpikeChecker, h.ops);
  t.deepEqual(
    findings.map((f) => [f.kind, f.count, f.affectedUsers]),
    [['error-spike', 60, 6]],
  );
});

test('error-spike: a burst of 401s or bounces to the login page is not an error (the session checkers judge it)', (t) => {
  const h = new HistoryBuilder();
  traffic(h, 10, 3, (vu, time) =>
    time >= 1000 && time < 2000
      ? { done: vu % 2 ? { status: 401, identity: null } : { status: 200, identity: null } }
      : ok('app-1'),
  );
  t.true(h.ops.some((o) => o.type === 'fail'));
  t.deepEqual(runChecker(errorSpikeChecker, h.ops), []);
});

test('error-spike: requests the tool aborted when the run stopped are not errors; the same without the mark are', (t) => {
  const stopped = (aborted: boolean) => {
    const h = new HistoryBuilder();
    // Every VU's last second ends with no answer: the run was interrupted mid-request.
    traffic(h, 10, 3, (_vu, time) =>
      time >= 2000
        ? {
            done: { error: 'UND_ERR_DESTROYED: the client is destroyed', ...(aborted && { aborted: true }) },
            type: 'info',
          }
        : ok('app-1'),
    );
    return h.ops;
  };
  t.deepEqual(runChecker(errorSpikeChecker, stopped(true)), []);
  const metrics = new RunMetrics();
  for (const op of stopped(true)) metrics.feed(op);
  t.is(metrics.scopes.all.errors, 0);
  t.is(metrics.scopes.all.byStatus.aborted, 100);
  t.deepEqual(
    runChecker(errorSpikeChecker, stopped(false)).map((f) => [f.kind, f.affectedUsers]),
    [['error-spike', 10]],
  );
});

test('error-spike: steps never sent (no form to submit) are no error, no request and no spike; the same as plain fails are', (t) => {
  const unsent = (notSent: boolean) => {
    const h = new HistoryBuilder();
    traffic(h, 10, 3, (_vu, time) =>
      time >= 1000 && time < 2000
        ? {
            done: { error: 'not-sent: http://x/login has no <form>', ...(notSent && { notSent: true }) },
            type: 'fail',
          }
        : ok('app-1'),
    );
    return h.ops;
  };
  t.deepEqual(runChecker(errorSpikeChecker, unsent(true)), []);
  const metrics = new RunMetrics();
  for (const op of unsent(true)) metrics.feed(op);
  t.is(metrics.scopes.all.errors, 0);
  t.is(metrics.scopes.all.requests, 200, 'only the 200 requests sent count');
  t.false('error' in metrics.scopes.all.byStatus);
  t.deepEqual(
    runChecker(errorSpikeChecker, unsent(false)).map((f) => [f.kind, f.affectedUsers]),
    [['error-spike', 10]],
  );
});

test('error-spike: the detail names the error kinds the history holds, not a guessed list', (t) => {
  const h = new HistoryBuilder();
  traffic(h, 10, 3, (vu, time) =>
    time >= 1000 && time < 2000
      ? vu <= 4
        ? { done: { error: "headers-too-large: the answer's headers passed 16384 bytes" }, type: 'info' }
        : {
            done: {
              status: 200,
              error: 'response-too-large: the answer (status 200) was cut after 1048576 bytes',
            },
            type: 'info',
          }
      : ok('app-1'),
  );
  const [finding] = runChecker(errorSpikeChecker, h.ops);
  t.regex(
    finding!.detail,
    /response-too-large \(a body over maxBodyBytes\) ×60, headers-too-large \(headers over the client's limit\) ×40\)/,
  );
  t.notRegex(finding!.detail, /5xx|refused, reset or timed out/);
  // Near-miss: timeouts alone read as no answer, and no other kind is named.
  const g = new HistoryBuilder();
  traffic(g, 10, 3, (vu, time) =>
    time >= 1000 && time < 2000 && vu <= 6 ? { done: { error: 'timeout' }, type: 'info' } : ok('app-1'),
  );
  t.regex(
    runChecker(errorSpikeChecker, g.ops)[0]!.detail,
    /\(no answer \(refused, reset or timed out\) ×60\)/,
  );
});

test('isolated errors are neither an outage nor a spike', (t) => {
  const h = new HistoryBuilder();
  traffic(h, 10, 3, (vu, time) => (vu === 3 && time % 500 === 0 ? { done: { status: 502 } } : ok('app-1')));
  t.deepEqual(runChecker(errorSpikeChecker, h.ops), []);
});
