import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { formatDuration, formatScenarioError, namesContainers } from '@sessionchaos/core/scenario';
import { EXIT } from '../exit-codes.ts';
import { loadScenario } from '../scenario-file.ts';

const USAGE = 'usage: sessionchaos validate <scenario> [--allow-exec] [--allow-external]\n';

/** `sessionchaos validate <scenario>`: checks a scenario without running it; 0 when valid, 64 with every error. */
export async function validateCommand(argv: string[], out: Writable, err: Writable): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { 'allow-exec': { type: 'boolean' }, 'allow-external': { type: 'boolean' } },
      allowPositionals: true,
    });
  } catch (error) {
    err.write(`sessionchaos validate: ${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  const files = parsed.positionals;
  if (files.length === 0) {
    err.write(`sessionchaos validate: name a scenario file.\n${USAGE}`);
    return EXIT.usage;
  }
  // A scenario is valid when its hooks would be valid once allowed: validate says which need the flags.
  const allowed = { exec: true, external: true };
  let bad = 0;
  for (const file of files) {
    const r = await loadScenario(file, {}, allowed);
    if (!r.ok) {
      bad++;
      for (const e of r.errors) err.write(`${formatScenarioError(e)}\n`);
      continue;
    }
    const s = r.loaded.scenario;
    const needs = [
      s.faults.some((f) => f.action === 'exec') ? '--allow-exec' : '',
      s.faults.some((f) => namesContainers(f.target)) ? '--allow-external' : '',
    ].filter(Boolean);
    const target = s.target.kind === 'lab' ? `lab (${s.target.lab.strategy})` : s.target.url;
    const length = s.load.durationMs !== undefined ? formatDuration(s.load.durationMs) : 'iterations';
    out.write(
      `${file}: valid. ${s.name}: ${target}, ${length}, ${s.faults.length} fault(s), ${s.thresholds.length} gate(s)` +
        `${needs.length > 0 ? `; run it with ${needs.join(' ')}` : ''}\n`,
    );
  }
  return bad > 0 ? EXIT.usage : EXIT.pass;
}
