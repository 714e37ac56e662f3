import test from 'ava';
import type { Op } from '@sessionchaos/core';
import { HistoryBuilder } from '@sessionchaos/core';
import { renderHtml } from '../src/index.ts';
import { analyzeRunWith, fixtureInput, fixtureMeta, refusedLoginsInput } from './run-fixture.ts';
import { whoami } from './journey.ts';

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

test('report.html has the timeline svg with the series and a shaded, labelled window per fault', (t) => {
  const html = renderHtml(fixtureInput());
  t.is(count(html, /<svg /g), 1);
  t.regex(html, /<polyline class="line" data-series="requests"/);
  t.regex(html, /<polyline class="line" data-series="unauthorized"/);
  t.regex(html, /<polyline class="line" data-series="5xx"/);
  t.regex(html, /<g class="bars" data-series="lost-session" fill="#7c3aed"><rect /);
  t.is(count(html, /<rect class="fault" /g), 1);
  t.regex(
    html,
    /<rect class="fault" data-fault="kill-busiest#1" [^>]*><title>kill-busiest#1: kill app → app-2, 8\.0 s – 12\.1 s/,
  );
  t.regex(html, /<text class="flabel"[^>]*>kill-busiest#1: kill app → app-2<\/text>/);
});

test('report.html has the gates, findings, faults and per-node tables', (t) => {
  const html = renderHtml(fixtureInput());
  t.regex(html, /<h1><span class="verdict fail">FAIL<\/span>sticky-busiest-killed<\/h1>/);
  t.regex(html, /<td>lost-session count<\/td><td>&lt;= 0<\/td><td>2<\/td>/);
  t.regex(
    html,
    /<td><code>lost-session<\/code><\/td><td><span class="tag major">major<\/span><\/td><td class="n">2<\/td>/,
  );
  t.regex(
    html,
    /<td>kill-busiest#1<\/td><td>kill app → app-2<\/td><td>8\.0 s – 12\.1 s<\/td><td>yes<\/td><td class="n">5<\/td><td class="n">102 ms<\/td><td class="n">1\.1 s<\/td>/,
  );
  // app-4 was named up front and served nothing: it still shows, with 0.
  t.regex(html, /<td>app-1<\/td><td class="n">\d+<\/td>/);
  t.regex(html, /<td>app-4<\/td><td class="n">0<\/td><td class="n">0\.0%<\/td>/);
});

test('report.html is self-contained: no script, stylesheet, font or image fetched from anywhere', (t) => {
  const html = renderHtml(fixtureInput());
  t.false(/<script|<link|<img|<iframe|@import|url\(|\b(src|href)\s*=/i.test(html));
  // The only URL in the page is the target's, as text.
  t.deepEqual(html.match(/https?:\/\/[^\s<"]*/g), ['http://127.0.0.1:8080']);
  t.true(html.length < 20_000, `${html.length} chars`);
});

test('report.html escapes a hostile scenario name and finding detail', (t) => {
  const input = fixtureInput('<script>alert("x")</script>');
  input.analysis.check.findings[0]!.detail = '<img src=x onerror=alert(1)> & "quoted"';
  const html = renderHtml(input);
  t.false(html.includes('<script'));
  t.false(html.includes('<img'));
  t.regex(
    html,
    /<h1><span class="verdict fail">FAIL<\/span>&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;<\/h1>/,
  );
  t.regex(html, /&lt;img src=x onerror=alert\(1\)&gt; &amp; &quot;quoted&quot;/);
});

test('report.html shades two faults, one never healed, and stays small over an hour-long run', (t) => {
  const h = new HistoryBuilder();
  for (let s = 0; s < 3_600; s++) whoami(h, 1 + (s % 5), s * 1000 + 7, 's1', `app-${1 + (s % 3)}`);
  h.faultInvoke('store-down', 'failover', 600_000, { target: 'redis-primary' });
  h.faultDone('store-down', 'failover', 600_100, { victims: ['redis-1'] });
  h.faultInvoke('store-down', 'heal', 900_000);
  h.faultDone('store-down', 'heal', 900_500);
  h.faultInvoke('pause-app', 'pause', 3_000_000, { target: 'app' });
  h.faultDone('pause-app', 'pause', 3_000_010, { victims: ['app-3'] });
  const ops = [...h.ops].sort((a, b) => a.time - b.time) as Op[];
  const meta = { ...fixtureMeta(), durationMs: 3_600_000 };
  const html = renderHtml({ ...meta, analysis: analyzeRunWith(ops, meta) });
  t.is(count(html, /<rect class="fault" /g), 2);
  t.regex(html, /<title>pause-app: pause app → app-3, 3000\.0 s – never healed<\/title>/);
  // 3,600 seconds drawn as 300 points of 12 s each.
  const requests = html.match(/data-series="requests"[^>]*points="([^"]*)"/)![1]!;
  t.is(requests.split(' ').length, 300);
  t.regex(html, /Mean per second over 12-second bins\./);
  t.true(html.length < 30_000, `${html.length} chars`);
});

test('report.html shows the coverage next to the verdict, and why a run that tested nothing is unknown', (t) => {
  const good = renderHtml(fixtureInput());
  t.regex(
    good,
    /<p class="coverage"><b>Coverage:<\/b> logged in 6\/6 users; ok\/tried: login 8\/8, whoami 477\/482; faults effective 1\/1<\/p>/,
  );
  const html = renderHtml(refusedLoginsInput());
  t.regex(html, /<span class="verdict unknown">UNKNOWN<\/span>/);
  t.regex(
    html,
    /<p class="coverage bad"><b>Coverage:<\/b> logged in 0\/5 users; ok\/tried: login 0\/20, whoami 0\/0<\/p>/,
  );
  t.regex(html, /<b>Why unknown:<\/b> 0 of 5 users ever logged in: 20 logins, all refused \(403\)/);
  t.regex(html, /<span class="muted">not judged<\/span><\/td><td>lost-session count/);
});
