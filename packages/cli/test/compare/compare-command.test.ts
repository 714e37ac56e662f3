import test from 'ava';
import { EXIT } from '../../src/index.ts';
import { cli } from '../helpers/run-cli.ts';

test('compare --help lists every strategy', async (t) => {
  const { code, out } = await cli('compare', '--help');
  t.is(code, EXIT.pass);
  t.regex(
    out,
    /Strategies: memory, sticky-cookie, sticky-source, replicated, tomcat-delta-async, tomcat-delta-sync, tomcat-backup, redis-single, redis-sentinel, memcached, postgres, jwt/,
  );
});

test('compare refuses unknown strategies, fault plans and bad numbers at once, before starting any lab', async (t) => {
  const { code, err } = await cli(
    'compare',
    '--strategies',
    'memory,mongo',
    '--faults',
    'nuke',
    '--users',
    '0',
    '--duration',
    '1s',
  );
  t.is(code, EXIT.usage);
  t.regex(err, /unknown strategies: mongo\. Valid strategies: memory, /);
  t.regex(err, /--faults "nuke" is unknown\. Valid: kill, none/);
  t.regex(err, /--users must be a whole number of at least 1/);
  t.regex(err, /--duration must be a duration of at least 5s/);
});
