import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';

/** A fresh temporary directory, removed when the test ends. */
export async function tmpDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-report-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
