import test from 'ava';
import { Recorder, vuOpFields } from '../src/recorder.ts';

// The recorder counts a completion into the current second only and adds each second to the totals
// when it closes: the totals must still hold every completion, closed seconds and the open one.
test('totals hold every completion: the seconds already ticked and the one still open', (t) => {
  const ops: unknown[] = [];
  const recorder = new Recorder((op) => ops.push(op), performance.now());
  const request = (status: number | undefined, type: 'ok' | 'fail' | 'info', latency: number): void => {
    const invoke = recorder.invoke(vuOpFields(1, 'whoami', 0, 'GET', '/whoami', 'u', undefined));
    const done = vuOpFields(1, 'whoami', 0, 'GET', '/whoami', 'u', undefined);
    done.status = status;
    done.latency = latency;
    recorder.complete(invoke, type, done);
  };
  request(200, 'ok', 5);
  request(200, 'ok', 7);
  recorder.dropped();
  const first = recorder.tick(3);
  t.is(first.requests, 2);
  t.deepEqual(first.byStatus, { '200': 2 });
  request(500, 'fail', 100);
  request(undefined, 'info', 2000);
  const totals = recorder.totals();
  t.is(totals.requests, 4);
  t.is(totals.ok, 2);
  t.is(totals.fail, 1);
  t.is(totals.info, 1);
  t.is(totals.dropped, 1);
  t.deepEqual(totals.byStatus, { '200': 2, '500': 1, none: 1 });
  t.is(totals.latencyMs.count, 4);
  t.is(totals.latencyMs.max, 2000);
  // Closing the second changes nothing in the totals; the next second starts empty.
  t.is(recorder.tick(0).requests, 2);
  t.deepEqual(recorder.totals().byStatus, totals.byStatus);
  t.is(recorder.tick(0).requests, 0);
  t.is(recorder.totals().requests, 4);
  t.is(ops.length, 8);
});
