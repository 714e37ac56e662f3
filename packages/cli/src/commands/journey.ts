import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { formatScenarioError } from '@sessionchaos/core';
import { healOnSignals } from '@sessionchaos/faults/heal-on-signals';
import { checkJourney } from '@sessionchaos/traffic';
import { EXIT } from '../exit-codes.ts';
import { explainJourney } from '../journey/explain-journey.ts';
import { Run } from '../run/run.ts';
import { loadScenario } from '../scenario-file.ts';

const USAGE = `usage: sessionchaos journey <scenario> [--target URL]

Walks the scenario's journey once with one virtual user (visit, login, whoami, write, read, logout)
and explains every request: status, redirects, cookies set, values captured, the identity found.
Exit 0 when the journey works; 69 naming the step that failed, what came back, and the likely fix.
`;

/** `sessionchaos journey <scenario>`: one walk of the journey, explained. */
export async function journeyCommand(argv: string[], out: Writable, err: Writable): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { target: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    err.write(`sessionchaos journey: ${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    out.write(USAGE);
    return EXIT.pass;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    err.write(`sessionchaos journey: name one scenario file.\n${USAGE}`);
    return EXIT.usage;
  }
  const overrides = parsed.values.target !== undefined ? { target: parsed.values.target } : {};
  const r = await loadScenario(file, overrides, { exec: true, external: true });
  if (!r.ok) {
    for (const e of r.errors) err.write(`${formatScenarioError(e)}\n`);
    return EXIT.usage;
  }
  const log = (line: string): void => void err.write(`${line}\n`);
  // The start phase of a run, without its preflight: this command's walk is the explained one.
  const run = new Run({
    loaded: r.loaded,
    seed: 0,
    outDir: '',
    dashboard: false,
    keepLab: false,
    stdin: process.stdin,
    stdout: process.stdout,
    out,
    err,
  });
  const unhook = healOnSignals([{ stop: () => run.interrupt() }], log);
  try {
    const started = await run.start({ preflight: false });
    if (!started.ok) {
      err.write(`sessionchaos journey: ${started.message ?? 'interrupted'}\n`);
      return started.code;
    }
    const check = await checkJourney({ target: started.url, journey: r.loaded.scenario.journey });
    for (const line of explainJourney(check, started.url)) out.write(`${line}\n`);
    return check.ok ? EXIT.pass : EXIT.environment;
  } finally {
    unhook();
    await run.close();
  }
}
