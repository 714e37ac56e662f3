import test from 'ava';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Op, Threshold } from '@sessionchaos/core';
import { DEFAULT_THRESHOLDS, HistoryBuilder } from '@sessionchaos/core';
import { renderJunit } from '../src/index.ts';
import { analyzeRunWith, fixtureHistory, fixtureInput, fixtureMeta } from './run-fixture.ts';
import { whoami } from './journey.ts';

interface Testcase {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_message': string; '#text': string };
  error?: { '@_message': string; '#text': string };
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase: Testcase[];
  'system-out': string;
}

/** Checks well-formedness, then parses the one test suite. */
function parse(t: { true: (v: boolean, m?: string) => void }, xml: string): Suite {
  const valid = XMLValidator.validate(xml);
  t.true(valid === true, JSON.stringify(valid));
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    isArray: (name) => name === 'testcase' || name === 'testsuite',
  });
  const doc = parser.parse(xml) as { testsuites: { testsuite: Suite[] } };
  t.true(doc.testsuites.testsuite.length === 1, 'one test suite');
  return doc.testsuites.testsuite[0]!;
}

test('junit.xml parses, with one test case per gate and a failure naming the finding and its fault', (t) => {
  const input = fixtureInput();
  const suite = parse(t, renderJunit(input));
  t.is(suite['@_name'], 'sessionchaos: sticky-busiest-killed');
  t.deepEqual(
    suite.testcase.map((c) => [c['@_name'], c['@_classname'], c.failure !== undefined]),
    [
      ['lost-session count', 'sticky-busiest-killed', true],
      ['p99 latency', 'sticky-busiest-killed', false],
      ['error rate (steady)', 'sticky-busiest-killed', false],
      ['journey coverage', 'sticky-busiest-killed', false],
      // The fixture's kill took effect (its op completed ok): a case of its own, passed.
      ['faults took effect', 'sticky-busiest-killed', false],
    ],
  );
  t.is(suite['@_tests'], '5');
  t.is(suite['@_failures'], '1');
  t.is(suite['@_errors'], '0');
  const failure = suite.testcase[0]!.failure!;
  t.is(
    failure['@_message'],
    'lost-session count: observed 2, threshold <= 0 (lost-session: 2 in kill-busiest#1; 2 users)',
  );
  t.regex(
    failure['#text'],
    /^lost-session: 2 occurrences, 2 users, at 8\.1 s, fault window kill-busiest#1 \(kill app → app-2, 8\.0 s – 12\.1 s\) \[2 during\]: /m,
  );
  t.regex(failure['#text'], /2 logged-in users lost their session during fault kill-busiest#1/);
  t.regex(suite['system-out'], /^sessionchaos sticky-busiest-killed: FAIL$/m);
  t.regex(
    suite['system-out'],
    /^490 requests at 24\.5 rps, p50 5 ms, p99 12 ms, 2 of 6 users lost their session$/m,
  );
});

test('junit.xml: a failed latency gate names its numbers and the fault windows of the run', (t) => {
  const thresholds: Threshold[] = [{ metric: 'latency', percentile: 99, maxMs: 10 }];
  const meta = { ...fixtureMeta(), thresholds };
  const suite = parse(t, renderJunit({ ...meta, analysis: analyzeRunWith(fixtureHistory(), meta) }));
  const failure = suite.testcase[0]!.failure!;
  t.is(failure['@_message'], 'p99 latency: observed 12 ms, threshold <= 10 ms');
  t.regex(
    failure['#text'],
    /^fault windows in this run: kill-busiest#1 \(kill app → app-2, 8\.0 s – 12\.1 s\)$/m,
  );
});

test('junit.xml: a gate that could not be judged is an error with the reason', (t) => {
  // No fault in this run, so a gate scoped to fault windows has nothing to judge.
  const h = new HistoryBuilder();
  for (let i = 0; i < 10; i++) whoami(h, 1, i * 100, 's1', 'app-1');
  const thresholds: Threshold[] = [{ metric: 'latency', percentile: 99, maxMs: 500, scope: 'during-fault' }];
  const meta = { ...fixtureMeta(), thresholds };
  const suite = parse(t, renderJunit({ ...meta, analysis: analyzeRunWith(h.ops as Op[], meta) }));
  const [c] = suite.testcase;
  t.is(c!['@_name'], 'p99 latency (during-fault)');
  t.is(c!.failure, undefined);
  t.is(c!.error!['@_message'], 'no requests completed in scope during-fault');
  // Nobody logged in either: the coverage case says so, so a CI reading only junit.xml sees it.
  const coverage = suite.testcase.find((x) => x['@_name'] === 'journey coverage')!;
  t.regex(coverage.error!['@_message'], /^0 of 1 user ever logged in: no login was attempted/);
  t.is(suite['@_errors'], '2');
});

test('junit.xml: a default gate with nothing to judge is skipped, not passed', (t) => {
  const h = new HistoryBuilder();
  for (let vu = 1; vu <= 3; vu++) {
    h.step(
      vu,
      'login',
      vu,
      vu + 5,
      { user: `user-${vu}` },
      { status: 200, session: `s${vu}`, user: `user-${vu}` },
    );
    whoami(h, vu, 100 + vu, `s${vu}`, 'app-1');
  }
  const meta = { ...fixtureMeta(), thresholds: [...DEFAULT_THRESHOLDS] };
  const suite = parse(t, renderJunit({ ...meta, analysis: analyzeRunWith(h.ops as Op[], meta) }));
  const stale = suite.testcase.find((x) => x['@_name'] === 'stale-read count')!;
  t.is(stale.error, undefined);
  t.is(suite['@_failures'], '0');
  t.is(suite['@_errors'], '0');
  t.not(suite['@_skipped'], '0');
});

test('junit.xml escapes a hostile scenario name and drops characters XML forbids', (t) => {
  const input = fixtureInput('<script>alert("x")</script> & \'q\' \u0001]]>');
  const xml = renderJunit(input);
  const suite = parse(t, xml);
  t.is(suite['@_name'], 'sessionchaos: <script>alert("x")</script> & \'q\' ]]>');
  t.is(suite.testcase[0]!['@_classname'], '<script>alert("x")</script> & \'q\' ]]>');
  t.false(xml.includes('<script>'));
});
