import test from 'ava';
import { analyzeRun } from '../../src/gate/analyze-run.ts';
import type { Threshold } from '../../src/gate/threshold.ts';
import type { DataValue, Hop } from '../../src/history/op.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { login, whoami } from '../checkers/journey.ts';

// Django's `login_required` behind round robin with per-process sessions: a data request the
// serving process does not know redirects to the login page, which answers 200.
const LOGIN_PAGE = '/accounts/login/';
const OPTIONS = { loginPath: LOGIN_PAGE };
// The bounces are lost sessions too (the lost-session checker judges them): the gate here is the data's.
const STALE_GATE: Threshold[] = [{ metric: 'finding', kind: 'stale-read', maxCount: 0 }];

/** Hops of a request to `path` sent to the login page (302, then the page's 200). */
function toLoginPage(method: string, path: string): Hop[] {
  const page = `${LOGIN_PAGE}?next=${path}`;
  return [
    { method, url: path, status: 302, location: page, sent: [{ name: 'sid', hash: 's' }], set: [] },
    { method: 'GET', url: page, status: 200, sent: [], set: [] },
  ];
}

function write(h: HistoryBuilder, vu: number, t: number, value: number, bounce = false): void {
  const done = bounce
    ? { status: 200, session: `s${vu}`, hops: toLoginPage('POST', '/api/data') }
    : { status: 200, session: `s${vu}`, value };
  h.step(vu, 'write', t, t + 5, { session: `s${vu}`, value }, done);
}

/** A read answering `value` (undefined: nothing captured), optionally bounced to the login page. */
function read(h: HistoryBuilder, vu: number, t: number, value: DataValue | undefined, bounce = false): void {
  const done = {
    status: 200,
    session: `s${vu}`,
    ...(value !== undefined ? { value } : {}),
    ...(bounce ? { hops: toLoginPage('GET', '/api/data') } : {}),
  };
  h.step(vu, 'read', t, t + 5, { session: `s${vu}` }, done);
}

/** Users 1..n log in, are named by whoami, write 1 and then read as `reads` says. */
function journeys(n: number, reads: (h: HistoryBuilder, vu: number, t: number) => void): HistoryBuilder {
  const h = new HistoryBuilder();
  for (let vu = 1; vu <= n; vu++) {
    const t = vu * 1_000;
    login(h, vu, t, `s${vu}`);
    whoami(h, vu, t + 20, `s${vu}`);
    write(h, vu, t + 40, 1);
    reads(h, vu, t + 60);
  }
  return h;
}

test('reads that all end on the login page: read 0/N, and the stale-read gate is not judged, never passed', (t) => {
  const h = journeys(5, (b, vu, at) => read(b, vu, at, undefined, true));
  const a = analyzeRun(h.ops, STALE_GATE, OPTIONS);
  t.deepEqual(a.coverage.roles.read, { attempts: 5, ok: 0 });
  t.deepEqual(a.coverage.roles.write, { attempts: 5, ok: 5 });
  const stale = a.gate.gates.find((g) => g.name === 'stale-read count')!;
  t.deepEqual(
    [stale.passed, stale.nothingToJudge, stale.reason],
    [null, true, 'nothing to judge: no successful read (5 of 5 reads refused or sent to the login page)'],
  );
  // The user wrote that gate: a gate that judged nothing makes the run unknown.
  t.is(a.gate.verdict, 'unknown');
});

test('reads refused 401: not judged, and the reason says they were refused', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  whoami(h, 1, 20, 's1');
  h.step(1, 'read', 40, 45, { session: 's1' }, { status: 401, session: 's1' });
  const a = analyzeRun(h.ops, STALE_GATE, OPTIONS);
  t.deepEqual(a.coverage.roles.read, { attempts: 1, ok: 0 });
  t.is(
    a.coverage.nothingToJudge['stale-read'],
    'no successful read (1 of 1 read refused or sent to the login page)',
  );
});

test('a bounced read whose capture found null on the login page is not judged stale', (t) => {
  // Without the bounce, null after an acknowledged write would be a stale read (see the near-miss below).
  const h = journeys(3, (b, vu, at) => read(b, vu, at, null, true));
  const a = analyzeRun(h.ops, STALE_GATE, OPTIONS);
  t.deepEqual(
    a.check.findings.map((f) => f.kind).filter((k) => k !== 'lost-session'),
    [],
  );
  t.is(a.gate.gates.find((g) => g.name === 'stale-read count')!.nothingToJudge, true);
});

test('near-miss: a read of an empty value is judged, and null after an acknowledged write is stale', (t) => {
  const h = journeys(3, (b, vu, at) => read(b, vu, at, null));
  const a = analyzeRun(h.ops, STALE_GATE, OPTIONS);
  t.deepEqual(a.coverage.roles.read, { attempts: 3, ok: 3 });
  t.is(a.coverage.nothingToJudge['stale-read'], undefined);
  const stale = a.gate.gates.find((g) => g.name === 'stale-read count')!;
  t.deepEqual([stale.observed, stale.verdict], [3, 'fail']);
});

test('near-miss: a read that returned the value after a redirect elsewhere than the login page is a success', (t) => {
  const h = journeys(3, (b, vu, at) =>
    b.step(
      vu,
      'read',
      at,
      at + 5,
      { session: `s${vu}` },
      {
        status: 200,
        session: `s${vu}`,
        value: 1,
        hops: [
          { method: 'GET', url: '/api/data', status: 301, location: '/api/data/', sent: [], set: [] },
          { method: 'GET', url: '/api/data/', status: 200, sent: [], set: [] },
        ],
      },
    ),
  );
  const a = analyzeRun(h.ops, STALE_GATE, OPTIONS);
  t.deepEqual(a.coverage.roles.read, { attempts: 3, ok: 3 });
  t.is(a.coverage.nothingToJudge['stale-read'], undefined);
  t.is(a.coverage.nothingToJudge['lost-update'], undefined);
  const stale = a.gate.gates.find((g) => g.name === 'stale-read count')!;
  t.deepEqual([stale.observed, stale.verdict], [0, 'pass']);
  t.is(a.gate.verdict, 'pass');
});

test('a write bounced to the login page is no success and does not raise what later reads must show', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  whoami(h, 1, 20, 's1');
  write(h, 1, 40, 1);
  read(h, 1, 60, 1);
  write(h, 1, 80, 2, true); // the app never applied 2
  read(h, 1, 100, 1);
  const a = analyzeRun(h.ops, STALE_GATE, OPTIONS);
  t.deepEqual(a.coverage.roles.write, { attempts: 2, ok: 1 });
  t.deepEqual(
    a.check.findings.map((f) => f.kind).filter((k) => k !== 'lost-session'),
    [],
  );
});

test('increment semantics: a bounced read (its capture null) is not a count below the increments', (t) => {
  const h = journeys(3, (b, vu, at) => {
    write(b, vu, at, 2); // the second increment, answering the count
    read(b, vu, at + 20, null, true);
  });
  const a = analyzeRun(h.ops, STALE_GATE, { ...OPTIONS, dataSemantics: 'increment' });
  t.deepEqual(
    a.check.findings.map((f) => f.kind).filter((k) => k !== 'lost-session'),
    [],
  );
  t.is(a.gate.gates.find((g) => g.name === 'stale-read count')!.nothingToJudge, true);
});
