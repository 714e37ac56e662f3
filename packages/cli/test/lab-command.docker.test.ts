import test from 'ava';
// The CLI package does not depend on @sessionchaos/testkit: the lab's own label helpers do the same here.
import { labRuntime, removeLab } from '@sessionchaos/lab';
import { EXIT } from '../src/index.ts';
import { cli } from './helpers/run-cli.ts';

let runId = '';
test.after.always(async () => {
  if (runId) await removeLab(runId);
});

test('lab up leaves a lab running, status lists it, down removes it', async (t) => {
  await labRuntime();
  const up = await cli('lab', 'up', '--strategy', 'sticky', '--nodes', '1');
  t.is(up.code, EXIT.pass, up.err);
  const match = /^lab (\S+) \(sticky\) is up: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(up.out);
  runId = match?.[1] ?? '';
  const url = match?.[2] ?? '';
  t.regex(up.err, /images: (assembled|official)/);
  t.regex(up.out, /app-1 {2}http:\/\/127\.0\.0\.1:\d+/);
  const me = await fetch(`${url}/api/me`);
  t.is(me.status, 401);
  t.is(me.headers.get('x-served-by'), 'app-1');

  const status = await cli('lab', 'status', '--run', runId);
  t.is(status.code, EXIT.pass);
  const lines = status.out.trim().split('\n');
  t.deepEqual(
    lines.map((l) => l.split('  ').slice(1, 4)),
    [
      [`sc-${runId}-app-1`, 'app', 'running'],
      [`sc-${runId}-balancer`, 'balancer', 'running'],
    ],
  );

  const unsure = await cli('lab', 'down');
  t.is(unsure.code, EXIT.usage);
  t.regex(unsure.err, new RegExp(`say which lab: --run ID, or --all\\. Running labs: .*${runId}`));
  const down = await cli('lab', 'down', '--run', runId);
  t.is(down.out, `removed 2 lab container(s) of ${runId}\n`);
  t.is((await cli('lab', 'status', '--run', runId)).out, 'no lab is running\n');
});
