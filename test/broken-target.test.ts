import test from 'ava';
import { BUGS } from './helpers/bugs.ts';
import { startBrokenTarget } from './helpers/broken-target.ts';
import { directRun } from './helpers/direct-run.ts';

// Each run is 6 s of 20 VUs plus probes, on 127.0.0.1. One at a time: on a 2-core machine, runs side
// by side would only slow each other down.

test.serial('the correct target (no bug on) is flagged with nothing', async (t) => {
  await using target = await startBrokenTarget();
  const { analysis } = await directRun({ target });
  t.deepEqual(
    analysis.check.findings.map((f) => `${f.kind}: ${f.detail}`),
    [],
  );
  t.true((analysis.requests.byStatus['200'] ?? 0) > 0, JSON.stringify(analysis.requests.byStatus));
  t.is(analysis.gate.verdict, 'pass');
});

for (const bug of BUGS) {
  test.serial(`the broken target is flagged with ${bug} while that bug is on`, async (t) => {
    await using target = await startBrokenTarget();
    const { analysis, faultKey } = await directRun({ target, bug });
    const kinds = [...new Set(analysis.check.findings.map((f) => f.kind))];
    const mine = analysis.check.findings.filter((f) => f.kind === bug);
    t.true(mine.length > 0, `${bug} not flagged; found: ${kinds.join(', ') || 'nothing'}`);
    // Attributed to the bug's window: while it was on, or in its tail (a lost session shows on the
    // user's next request, which may come after the heal).
    t.true(
      mine.some((f) => f.fault === faultKey),
      mine.map((f) => `${f.fault}: ${JSON.stringify(f.phases)}`).join('; '),
    );
    t.is(analysis.gate.verdict, 'fail');
    t.log(`${bug}: ${mine.map((f) => f.detail).join(' | ')}; all kinds: ${kinds.join(', ')}`);
  });
}
