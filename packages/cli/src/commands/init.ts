import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { formatScenarioError } from '@sessionchaos/core';
import { checkJourney, checkTarget } from '@sessionchaos/traffic';
import { EXIT } from '../exit-codes.ts';
import { findComposeTarget, withComposeFaults } from '../init/compose-faults.ts';
import { discover } from '../init/discover.ts';
import { writeScenario } from '../init/write-scenario.ts';
import { explainJourney } from '../journey/explain-journey.ts';
import { loadScenario } from '../scenario-file.ts';

const USAGE = `usage: sessionchaos init --url URL [--username U] [--password P] [--out FILE] [--force]

Looks at your app (its login form or JSON login, the session cookie or token, who-am-I, logout,
the header naming the node), writes a scenario file with comments, and walks its journey once.
  --username, --password   an account that can log in (default user-1 / secret)
  --out FILE               where to write it (default sessionchaos.yaml)
  --force                  overwrite FILE
`;

/** `sessionchaos init --url URL`: scaffolds a scenario for one's own app, then checks its journey. */
export async function initCommand(argv: string[], out: Writable, err: Writable): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err.write(`sessionchaos init: ${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  const v = parsed.values;
  if (v.help) {
    out.write(USAGE);
    return EXIT.pass;
  }
  let url: URL;
  try {
    url = new URL(v.url ?? '');
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
  } catch {
    err.write(
      `sessionchaos init: --url must be your app's http(s) URL, e.g. --url http://127.0.0.1:8080\n${USAGE}`,
    );
    return EXIT.usage;
  }
  const file = v.out ?? 'sessionchaos.yaml';
  if (existsSync(file) && v.force !== true) {
    err.write(`sessionchaos init: ${file} exists; pass --force to overwrite it, or --out another file.\n`);
    return EXIT.usage;
  }
  const target = url.href.replace(/\/$/, '');
  const reach = await checkTarget(target);
  if (!reach.ok) {
    err.write(`sessionchaos init: ${reach.message}\n`);
    return EXIT.environment;
  }
  const username = v.username ?? 'user-1';
  const password = v.password ?? 'secret';
  err.write(`looking at ${target} (logging in as ${username})...\n`);
  const found = await discover(target, username, password);
  if ('error' in found) {
    err.write(`sessionchaos init: ${found.error}\n`);
    return EXIT.environment;
  }
  const name = `${url.hostname.replace(/[^a-z0-9]+/gi, '-')}-${url.port || 'app'}`.replace(/^-+/, '');
  mkdirSync(dirname(file), { recursive: true });
  const compose = await findComposeTarget(target, found.node);
  const scenario = writeScenario(name, target, username, password, found);
  writeFileSync(file, compose ? withComposeFaults(scenario, compose) : scenario);
  out.write(`wrote ${file}\n`);
  if (compose)
    out.write(
      `  note: the nodes are service ${compose.service} of the Compose project ${compose.project}; its faults need --allow-external\n`,
    );
  for (const n of found.notes) out.write(`  note: ${n}\n`);
  const loaded = await loadScenario(file, {}, { exec: true, external: true });
  if (!loaded.ok) {
    for (const e of loaded.errors) err.write(`${formatScenarioError(e)}\n`);
    return EXIT.usage;
  }
  const check = await checkJourney({ target, journey: loaded.loaded.scenario.journey });
  for (const line of explainJourney(check, target)) out.write(`${line}\n`);
  if (!check.ok) {
    out.write(`edit ${file} (the comments say what each part is), then: sessionchaos journey ${file}\n`);
    return EXIT.environment;
  }
  out.write(`next: sessionchaos run ${file}\n`);
  return EXIT.pass;
}
