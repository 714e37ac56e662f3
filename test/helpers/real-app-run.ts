import type { ExecutionContext } from 'ava';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeHistory, type VuOp } from '@sessionchaos/core';
import type { Summary } from '@sessionchaos/report';
import { EXIT } from 'sessionchaos';
import type { RealApp } from '../real-apps/real-app.ts';
import { cli, readSummary, type CliResult } from './run-cli.ts';

/** What a library scenario did against a real app: the journey check, the run, its summary and history. */
export interface RealAppRun {
  journey: CliResult;
  run: CliResult;
  summary: Summary;
  ops: VuOp[];
}

/**
 * Runs `scenarios/<name>.yaml` as the README tells a user to, against `app` started on a free port:
 * the scenario's fixed ports (`ports`: as written -> the app's) are replaced in a copy, then
 * `sessionchaos journey` and `sessionchaos run` (5 users, 6 s) run through the real CLI.
 */
export async function runLibraryScenario(
  t: ExecutionContext,
  name: string,
  app: RealApp,
  ports: Record<string, string>,
): Promise<RealAppRun> {
  const dir = await mkdtemp(join(tmpdir(), `sc-${name}-`));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  let text = await readFile(new URL(`../../scenarios/${name}.yaml`, import.meta.url), 'utf8');
  for (const [from, to] of Object.entries(ports)) text = text.replaceAll(from, to);
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, text);
  const journey = await cli('journey', file, '--target', app.url);
  const out = join(dir, 'out');
  const run = await cli(
    'run',
    file,
    '--target',
    app.url,
    '--users',
    '5',
    '--duration',
    '6s',
    '--no-dashboard',
    '--out',
    out,
  );
  const summary = await readSummary(out);
  const ops: VuOp[] = [];
  for (const op of decodeHistory(await readFile(join(out, 'history.ndjson'), 'utf8')))
    if (op.process !== 'fault') ops.push(op as VuOp);
  return { journey, run, summary, ops };
}

/** Every whoami of the load (probes aside) answered with its own user: the journey held its session. */
export function whoamiAlwaysKnowsTheUser(ops: VuOp[]): { total: number; wrong: VuOp[] } {
  const whoami = ops.filter((o) => o.step === 'whoami' && o.type !== 'invoke' && o.probe === undefined);
  return { total: whoami.length, wrong: whoami.filter((o) => o.type !== 'ok' || o.identity !== o.user) };
}

/**
 * What every library scenario must do against its real app: the journey check and the run pass, all
 * 5 users logged in, and more than 20 whoami of the load each named its own user.
 */
export function assertCleanRun(t: ExecutionContext, r: RealAppRun): void {
  t.is(r.journey.code, EXIT.pass, r.journey.out + r.journey.err);
  t.is(r.run.code, EXIT.pass, r.run.out + r.run.err);
  t.is(r.summary.verdict, 'pass');
  t.is(r.summary.coverage.users.loggedIn, 5);
  const w = whoamiAlwaysKnowsTheUser(r.ops);
  t.true(w.total > 20, `only ${w.total} whoami`);
  t.deepEqual(w.wrong, []);
}
