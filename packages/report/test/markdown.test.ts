import test from 'ava';
import { renderMarkdown } from '../src/index.ts';
import { fixtureInput, refusedLoginsInput } from './run-fixture.ts';

// report.md is read by people in a GitHub step summary: the output itself is the contract.
test('report.md: verdict heading, headline numbers, gates, findings and faults tables', (t) => {
  const md = renderMarkdown(fixtureInput());
  t.regex(md, /^## ❌ FAIL: sticky-busiest-killed$/m);
  t.regex(
    md,
    /^\*\*490\*\* requests · \*\*24\.5\*\* rps · p50 \*\*5 ms\*\* · p99 \*\*12 ms\*\* · \*\*2\*\* of 6 users/m,
  );
  t.regex(md, /^\| ❌ \| lost-session count \| &lt;= 0 \| 2 \|$/m);
  t.regex(
    md,
    /^\| `lost-session` \| major \| 2 \| 2 \| kill-busiest#1 \(kill app → app-2, 8\.0 s – 12\.1 s\) · 2 during \|/m,
  );
  t.regex(
    md,
    /^\| kill-busiest#1 \| kill app → app-2 \| 8\.0 s – 12\.1 s \| yes \| 5 \| 102 ms \| 1\.1 s \|$/m,
  );
  t.snapshot(md);
});

test('report.md keeps hostile text from breaking the tables or turning into HTML', (t) => {
  const input = fixtureInput('a | b <img src=x onerror=alert(1)> *bold*');
  input.analysis.check.findings[0]!.detail = 'two\nlines | and `code`';
  const md = renderMarkdown(input);
  t.regex(md, /^## ❌ FAIL: a \\\| b &lt;img src=x onerror=alert\(1\)&gt; \\\*bold\\\*$/m);
  t.regex(md, /\| two lines \\\| and \\`code\\` \|$/m);
  t.false(md.includes('<img'));
});

test('report.md for a clean run says so', (t) => {
  const input = fixtureInput();
  const a = input.analysis;
  input.analysis = {
    ...a,
    check: { ...a.check, findings: [], faults: [], recoveries: [] },
    gate: { verdict: 'pass', gates: a.gate.gates.map((g) => ({ ...g, passed: true, verdict: 'pass' })) },
  };
  delete input.expect;
  const md = renderMarkdown(input);
  t.regex(md, /^## ✅ PASS: sticky-busiest-killed$/m);
  t.regex(md, /^No findings\.$/m);
  t.false(md.includes('### Faults'));
});

test('report.md for a run that tested nothing: unknown, why, the coverage, and gates not judged', (t) => {
  const md = renderMarkdown(refusedLoginsInput());
  t.regex(md, /^## ❔ UNKNOWN: sticky-busiest-killed$/m);
  t.regex(
    md,
    /^\*\*Why unknown:\*\* 0 of 5 users ever logged in: 20 logins, all refused \(403\)\. Fix: run \\`sessionchaos journey &lt;scenario&gt;\\`/m,
  );
  t.regex(md, /^Coverage: logged in 0\/5 users; ok\/tried: login 0\/20, whoami 0\/0$/m);
  t.regex(
    md,
    /^\| ➖ not judged \| lost-session count \| &lt;= 0 \| nothing to judge: no successful login \|$/m,
  );
});
