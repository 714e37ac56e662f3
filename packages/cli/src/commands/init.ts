import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { formatScenarioError } from '@sessionchaos/core';
import { checkJourney, checkTarget } from '@sessionchaos/traffic';
import { EXIT } from '../exit-codes.ts';
import { copyExample } from '../init/copy-example.ts';
import { findComposeTarget, withComposeFaults } from '../init/compose-faults.ts';
import { discover } from '../init/discover.ts';
import { writeScenario } from '../init/write-scenario.ts';
import { explainJourney } from '../journey/explain-journey.ts';
import { loadScenario } from '../scenario-file.ts';

const USAGE = `usage: sessionchaos init --url URL [--login PATH] [--username U] [--password P] [--out FILE] [--force]
       sessionchaos init --har FILE [--url URL] [--username U] [--password P] [--out FILE] [--force]
       sessionchaos init --example NAME [--out FILE] [--force]

Looks at your app (its login form, JSON login or identity provider, the session cookie or token,
who-am-I, logout, the header naming the node), writes a scenario file with comments, and walks its
journey once. What it cannot find becomes a TODO in the file (exit 69, naming what to fill in).
  --url URL                your app; a URL with a path (http://host/accounts/login/) names the login page
  --login PATH             the login page, or the path a JSON login is posted to (e.g. /auth/signin)
  --har FILE               read the journey from a browser recording of a login (devtools: Save all as HAR)
  --username, --password   an account that can log in (default user-1 / secret; with --har: the load
                           test's accounts, default the recorded user; the recorded password is never written)
  --out FILE               where to write it (default sessionchaos.yaml)
  --force                  overwrite FILE
  --example NAME           copy NAME from the scenario library instead (sessionchaos examples lists them)
`;

/** The login page to look at first: --login, else the path of --url; null when --login is no path. */
function loginPath(login: string | undefined, url: URL): string | undefined | null {
  if (login !== undefined) return login.startsWith('/') ? login : null;
  return url.pathname === '/' ? undefined : url.pathname + url.search;
}

/** `sessionchaos init --url URL`: scaffolds a scenario for one's own app, then checks its journey. */
export async function initCommand(argv: string[], out: Writable, err: Writable): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        har: { type: 'string' },
        login: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        example: { type: 'string' },
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
  if (v.example !== undefined) return copyExample(v.example, v.out, v.force === true, out, err);
  if (v.har !== undefined) {
    const { initFromHar } = await import('../init/har/init-from-har.ts');
    return initFromHar({ ...v, har: v.har }, out, err);
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
  // Journey paths start at the origin: a path in --url is where to look for the login first.
  const given = loginPath(v.login, url);
  if (given === null) {
    err.write(
      `sessionchaos init: --login must be a path on your app, e.g. --login /accounts/login/\n${USAGE}`,
    );
    return EXIT.usage;
  }
  const reach = await checkTarget(target);
  if (!reach.ok) {
    err.write(`sessionchaos init: ${reach.message}\n`);
    return EXIT.environment;
  }
  const username = v.username ?? 'user-1';
  const password = v.password ?? 'secret';
  err.write(`looking at ${target} (logging in as ${username})...\n`);
  const base = url.pathname.replace(/\/+$/, '');
  const found = await discover(url.origin, username, password, given, base);
  const name = `${url.hostname.replace(/[^a-z0-9]+/gi, '-')}-${url.port || 'app'}`.replace(/^-+/, '');
  // A --url that was the login page is written as the app's origin (not, say, a Tomcat context path).
  const loginAt = found.loginPage ?? ('path' in found.login ? found.login.path : undefined);
  const written =
    v.login === undefined && found.missing.length === 0 && loginAt === url.pathname ? url.origin : target;
  mkdirSync(dirname(file), { recursive: true });
  const compose = await findComposeTarget(target, found.node);
  const scenario = writeScenario(name, written, username, password, found);
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
  if (found.missing.length > 0) {
    err.write(
      `sessionchaos init: ${file} is a scaffold: init could not find ${found.missing.join('; ')}. Fill in the TODO comments in ${file}, then check it with: sessionchaos journey ${file}\n`,
    );
    return EXIT.environment;
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
