import test from 'ava';
import { analyzeRun } from '../../src/gate/analyze-run.ts';
import { coverageWords } from '../../src/gate/coverage-words.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { login, whoami } from '../checkers/journey.ts';

/** Ten users log in and are recognised, before, during and after the faults (nothing is lost). */
function healthyLoad(h: HistoryBuilder): void {
  for (let vu = 1; vu <= 10; vu++) {
    login(h, vu, vu, `s${vu}`);
    whoami(h, vu, 100 + vu, `s${vu}`);
    whoami(h, vu, 3_000 + vu, `s${vu}`);
  }
}

test('a fault whose effect was confirmed (ok): effective, and the run passes', (t) => {
  const h = new HistoryBuilder();
  healthyLoad(h);
  h.fault('kill-app#1', 'kill', 1_000, 2_000, { target: 'app', victims: ['app-1'] });
  const a = analyzeRun(h.ops);
  t.deepEqual(a.coverage.faults, { planned: 1, effective: 1, failed: 0, failures: [] });
  t.is(a.coverage.faultShortfall, undefined);
  t.is(a.gate.verdict, 'pass');
  t.regex(coverageWords(a.coverage), /; faults effective 1\/1$/);
});

test('a hook that exited 1 (fail): failed, the run is unknown and the reason names the fault and why', (t) => {
  const h = new HistoryBuilder();
  healthyLoad(h);
  h.faultInvoke('kill-hook#1', 'exec', 1_000, { target: 'hook' });
  h.faultDone(
    'kill-hook#1',
    'exec',
    1_050,
    { target: 'hook', error: 'hook exited with 1: docker kill nope\nError: No such container: nope' },
    'fail',
  );
  const a = analyzeRun(h.ops);
  t.is(a.coverage.faults.planned, 1);
  t.is(a.coverage.faults.effective, 0);
  t.is(a.coverage.faults.failed, 1);
  t.is(a.gate.verdict, 'unknown');
  t.regex(
    a.gate.reason!,
    /^1 of 1 planned fault did not take effect: kill-hook#1 \(exec hook\): hook exited with 1: docker kill nope \(output: Error: No such container: nope\)/,
  );
  t.regex(coverageWords(a.coverage), /faults effective 0\/1 \(kill-hook#1 failed\)/);
});

test('a fault with an unknown outcome (info) or no completion at all is not effective either', (t) => {
  const h = new HistoryBuilder();
  healthyLoad(h);
  h.faultInvoke('slow#1', 'exec', 1_000, { target: 'hook' });
  h.faultDone('slow#1', 'exec', 1_500, { target: 'hook', error: 'hook timed out after 500 ms' }, 'info');
  h.faultInvoke('cut#1', 'kill', 2_000, { target: 'app' });
  const a = analyzeRun(h.ops);
  t.deepEqual(
    a.coverage.faults.failures.map((f) => [f.fault, f.error]),
    [
      ['slow#1', 'hook timed out after 500 ms'],
      ['cut#1', 'no completion was recorded: the run ended before its effect was confirmed'],
    ],
  );
  t.is(a.gate.verdict, 'unknown');
  t.regex(a.gate.reason!, /^2 of 2 planned faults did not take effect: slow#1 .*; cut#1 /);
});

test('required: false: a failed fault is counted, but the run is still judged (near-miss)', (t) => {
  const h = new HistoryBuilder();
  healthyLoad(h);
  h.faultInvoke('maybe#1', 'kill', 1_000, { target: 'no-such-name', required: false });
  h.faultDone(
    'maybe#1',
    'kill',
    1_010,
    { target: 'no-such-name', required: false, error: 'no victim matched no-such-name' },
    'fail',
  );
  const a = analyzeRun(h.ops);
  t.is(a.coverage.faults.failed, 1);
  t.false(a.coverage.faults.failures[0]!.required);
  t.is(a.coverage.faultShortfall, undefined);
  t.is(a.gate.verdict, 'pass');
  t.regex(coverageWords(a.coverage), /faults effective 0\/1 \(maybe#1 failed, not required\)/);
});

test('a failed gate is evidence: the run stays fail even when a fault did not take effect', (t) => {
  const h = new HistoryBuilder();
  healthyLoad(h);
  h.faultInvoke('k#1', 'kill', 1_000, { target: 'app' });
  h.faultDone('k#1', 'kill', 1_010, { target: 'app', error: 'no victim matched app' }, 'fail');
  // Every request took 5 ms or more: a 1 ms p50 latency gate fails on what was observed.
  const a = analyzeRun(h.ops, [{ metric: 'latency', percentile: 50, maxMs: 1 }]);
  t.is(a.coverage.faults.failed, 1);
  t.is(a.gate.verdict, 'fail');
});

test('heals and unpauses are not occurrences; a run without faults shows no faults part', (t) => {
  const h = new HistoryBuilder();
  healthyLoad(h);
  h.faultInvoke('leftover', 'heal', 10);
  h.faultDone('leftover', 'heal', 20);
  const a = analyzeRun(h.ops);
  t.deepEqual(a.coverage.faults, { planned: 0, effective: 0, failed: 0, failures: [] });
  t.notRegex(coverageWords(a.coverage), /faults/);
  t.is(a.gate.verdict, 'pass');
});
