import test from 'ava';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { requireDocker } from '@sessionchaos/testkit';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../', import.meta.url));

/** `docker run --rm` of the image with `args`; resolves with the exit code and output, never rejects. */
async function docker(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run('docker', args, { timeout: 60_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: failed.stdout ?? '', err: failed.stderr ?? '' };
  }
}

test('the offline image (Dockerfile.offline, FROM the assembled node image) runs --version and validate', async (t) => {
  await requireDocker();
  // A tag of this run's own, removed at the end: other runs' images are left alone.
  const tag = `sessionchaos/sessionchaos:offline-test-${process.pid}`;
  const built = await run(join(REPO, 'scripts/build-offline-image.sh'), [tag], {
    cwd: REPO,
    timeout: 150_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  t.teardown(() => docker(['rmi', '-f', tag]).then(() => undefined));
  t.is(built.stdout.trim().split('\n').at(-1), tag);

  const { version } = JSON.parse(readFileSync(join(REPO, 'packages/cli/package.json'), 'utf8')) as {
    version: string;
  };
  const v = await docker(['run', '--rm', tag, '--version']);
  t.is(v.code, 0, v.err);
  t.is(v.out, `${version}\n`);

  // The scenario library ships in the image; a user's own files come in through a mounted directory.
  const library = await docker([
    'run',
    '--rm',
    tag,
    'validate',
    '/opt/sessionchaos/scenarios/memory-mismatch.yaml',
  ]);
  t.is(library.code, 0, library.err);
  t.regex(library.out, /memory-mismatch\.yaml: valid/);
  const dir = mkdtempSync(join(tmpdir(), 'sessionchaos-image-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(join(REPO, 'packages/cli/test/fixtures/bad.yaml'), join(dir, 'bad.yaml'));
  const bad = await docker(['run', '--rm', '-v', `${dir}:/work:ro`, tag, 'validate', 'bad.yaml']);
  t.is(bad.code, 64, bad.out + bad.err);
  t.regex(bad.err, /unknown fault action "kil"/);
});
