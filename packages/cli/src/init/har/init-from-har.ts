import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { formatScenarioError } from '@sessionchaos/core';
import { checkJourney, type JourneyCheck } from '@sessionchaos/traffic';
import { EXIT } from '../../exit-codes.ts';
import { explainJourney } from '../../journey/explain-journey.ts';
import { loadScenario } from '../../scenario-file.ts';
import { writeScenario } from '../write-scenario.ts';
import { discoverFromHar } from './har-discovery.ts';
import { parseHar } from './har-file.ts';

/** What `init --har` is told on the command line. */
export interface HarInitOptions {
  har: string;
  /** Where to write the scenario (default sessionchaos.yaml). */
  out?: string;
  /** Overwrite it. */
  force?: boolean;
  /** The target to test, when not the recorded one (recorded on staging, tested on a copy). */
  url?: string;
  /** The load test's accounts: a template (`user-{{vu}}`) or a numbered first account (`user-1`). */
  username?: string;
  /** The load test's accounts' password; the recorded one is never written. */
  password?: string;
}

/** The last cookie the journey check's last login step set (not cleared): the session cookie. */
function cookieTheLoginSet(check: JourneyCheck): string | undefined {
  const logins = check.steps.filter((s) => s.role === 'login');
  const set = (logins.at(-1)?.op.hops ?? []).flatMap((h) => h.set).filter((c) => c.cleared !== true);
  return set.at(-1)?.name;
}

/** Written where the load accounts' password goes when none was given: the journey check then says so. */
export const PASSWORD_PLACEHOLDER = 'CHANGE-ME';

/**
 * `sessionchaos init --har FILE`: reads a browser recording of a login, writes the scenario it shows
 * (the recorded username and password replaced by the credentials template), then walks its journey once.
 */
export async function initFromHar(o: HarInitOptions, out: Writable, err: Writable): Promise<number> {
  const file = o.out ?? 'sessionchaos.yaml';
  if (existsSync(file) && o.force !== true) {
    err.write(`sessionchaos init: ${file} exists; pass --force to overwrite it, or --out another file.\n`);
    return EXIT.usage;
  }
  let text: string;
  try {
    text = readFileSync(o.har, 'utf8');
  } catch (error) {
    err.write(
      `sessionchaos init: cannot read ${o.har}: ${(error as Error).message}. Give the path of the HAR file you saved.\n`,
    );
    return EXIT.usage;
  }
  const parsed = parseHar(text, o.har);
  if (!parsed.ok) {
    err.write(`sessionchaos init: ${parsed.error}\n`);
    return EXIT.usage;
  }
  const found = discoverFromHar(parsed.log, o.har);
  if ('error' in found) {
    err.write(`sessionchaos init: ${found.error}\n`);
    return EXIT.environment;
  }
  const d = found.discovery;
  const target = (o.url ?? found.target).replace(/\/$/, '');
  // The writer makes a numbered account (user-1) a template (user-{{vu}}).
  const username = o.username ?? found.username;
  const password = o.password ?? PASSWORD_PLACEHOLDER;
  d.source = `--har ${basename(o.har)}`;
  if (o.password === undefined)
    d.notes.push(
      `the recorded password is not written: set credentials.password to the load accounts' password (or pass --password)`,
    );
  const name = `${new URL(target).hostname.replace(/[^a-z0-9]+/gi, '-')}-${new URL(target).port || 'app'}`;
  const scenario = writeScenario(name, target, username, password, d);
  if (found.password !== '' && found.password !== o.password && scenario.includes(found.password)) {
    err.write(
      'sessionchaos init: the scenario would hold the password typed in the recording (it is part of the ' +
        'username or of a value the journey sends); nothing written. Record with an account whose password ' +
        'appears nowhere else, or give the load accounts with --username and --password.\n',
    );
    return EXIT.environment;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, scenario);
  out.write(`wrote ${file} from ${o.har} (recorded as ${found.username || 'an unnamed user'})\n`);
  for (const n of d.notes) out.write(`  note: ${n}\n`);
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
  const cookie = d.sessionCookie || d.sessionToken ? undefined : cookieTheLoginSet(check);
  if (cookie !== undefined) {
    // A sanitized export (Chrome's default) has no cookies: the walk just made shows which one the login set.
    d.sessionCookie = cookie;
    d.notes = d.notes.filter((n) => !n.startsWith('no cookie set at the login'));
    d.notes.push(
      `the recording has no cookies; the session cookie ${cookie} is the one the login set when init walked the journey`,
    );
    writeFileSync(file, writeScenario(name, target, username, password, d));
    out.write(
      `  note: sessionCookie: ${cookie} (the recording had no cookies; the login set it in the walk)\n`,
    );
  }
  out.write(`next: sessionchaos run ${file}\n`);
  return EXIT.pass;
}
