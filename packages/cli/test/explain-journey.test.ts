import test from 'ava';
import type { VuOp } from '@sessionchaos/core';
import type { JourneyCheck } from '@sessionchaos/traffic';
import { explainJourney } from '../src/journey/explain-journey.ts';

const base = {
  index: 1,
  id: 0,
  time: 1,
  process: 1,
  epoch: 0,
  method: 'POST',
  url: 'http://127.0.0.1:1/login',
};

function walk(op: Partial<VuOp>): string[] {
  const check: JourneyCheck = {
    ok: false,
    user: 'user-1',
    steps: [
      {
        role: 'login',
        op: { ...base, step: 'login', ...op } as VuOp,
        bodyStart: '',
        captured: [],
        forms: [],
      },
    ],
    failure: { step: 0, problem: 'p', fix: 'f' },
    warnings: [],
  };
  return explainJourney(check, 'http://127.0.0.1:1');
}

test('the walk names a step not sent and headers over the limit, and keeps "no answer" for silence', (t) => {
  const unsent = walk({ type: 'fail', notSent: true, error: 'not-sent: /home has no <form>' });
  t.regex(unsent[1]!, /-> not-sent fail/);
  t.regex(unsent.join('\n'), /error: not-sent: \/home has no <form>/);
  const headers = walk({ type: 'info', error: "headers-too-large: the answer's headers passed 16384 bytes" });
  t.regex(headers[1]!, /-> headers-too-large info/);
  t.notRegex(headers.join('\n'), /no answer/);
  // Near-miss: a refused connection is still "no answer".
  t.regex(walk({ type: 'info', error: 'ECONNREFUSED: connect' })[1]!, /-> no answer: ECONNREFUSED/);
});
