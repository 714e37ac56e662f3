import test from 'ava';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultProcess } from './helpers/fault-process.ts';

// A real process with a real fault (an exec hook with a heal command), interrupted by a real signal.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(`${signal} heals the active faults, then exits with ${code}`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-signal-'));
    const script = `
      import { ExecDriver, FaultRunner, HealJournal, healOnSignals } from '@sessionchaos/faults';
      const r = new FaultRunner({ drivers: [new ExecDriver()], journal: new HealJournal('sig', ${JSON.stringify(join(dir, 'j'))}),
        resolveVictims: async () => [], now: () => 0, record: (op) => { if (op.type === 'ok') console.log('injected'); } });
      healOnSignals([r], () => {});
      await r.inject({ key: 'h#1', occurrence: 1, startMs: 0, endMs: 600000,
        spec: { id: 'h', action: 'exec', target: {}, at: 0, params: { command: 'true', healCommand: 'touch ${join(dir, 'healed')}' } } });
      setInterval(() => {}, 1000);`;
    const child = await startFaultProcess(script);
    t.false(existsSync(join(dir, 'healed')));
    child.kill(signal);
    const exit = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    t.is(exit, code);
    t.true(existsSync(join(dir, 'healed')), 'the heal command ran before the process exited');
  });
}
