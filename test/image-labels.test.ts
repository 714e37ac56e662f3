import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABELS, PROJECT_LABEL_VALUE } from '@sessionchaos/core';

// `heal`, `lab down` and the tests' sweeps select containers by `dev.sessionchaos.project=sessionchaos`: the CLI's
// own image must not carry it, or a running CLI container is swept with the lab it drives.
const REPO = fileURLToPath(new URL('../', import.meta.url));

/** Every `KEY=VALUE` a Dockerfile's LABEL instructions set, in order (quotes removed). */
function labelsSet(dockerfile: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const line of dockerfile.replace(/\\\n/g, ' ').split('\n')) {
    const match = /^\s*LABEL\s+(.*)$/i.exec(line);
    if (!match) continue;
    for (const pair of match[1]!.matchAll(/([^\s=]+)=("[^"]*"|\S*)/g)) {
      pairs.push([pair[1]!.replace(/"/g, ''), pair[2]!.replace(/^"|"$/g, '')]);
    }
  }
  return pairs;
}

/** The value the cleanup label ends with in a Dockerfile's own instructions (undefined: not set there). */
function finalProjectLabel(dockerfile: string): string | undefined {
  return labelsSet(dockerfile)
    .filter(([key]) => key === LABELS.project)
    .at(-1)?.[1];
}

test('the registry image (node:24-slim base) never sets the cleanup label', async (t) => {
  const dockerfile = await readFile(join(REPO, 'Dockerfile'), 'utf8');
  t.not(finalProjectLabel(dockerfile), PROJECT_LABEL_VALUE);
  t.true(labelsSet(dockerfile).some(([key]) => key === 'dev.sessionchaos.image'));
});

test('the offline image empties the cleanup label its assembled base inherits', async (t) => {
  // The base is the lab's assembled Node image, imported with the cleanup label (assemble-image.ts): the
  // Dockerfile must override it, since not setting it leaves the inherited value in place.
  const dockerfile = await readFile(join(REPO, 'Dockerfile.offline'), 'utf8');
  const value = finalProjectLabel(dockerfile);
  t.not(value, undefined, 'Dockerfile.offline must override the inherited cleanup label');
  t.not(value, PROJECT_LABEL_VALUE);
});

test('the offline build script adds no cleanup label of its own', async (t) => {
  const script = await readFile(join(REPO, 'scripts/build-offline-image.sh'), 'utf8');
  t.notRegex(script, new RegExp(`--label[ =]+["']?${LABELS.project.replace(/\./g, '\\.')}`));
});

test('the label reader sees a LABEL that sets the cleanup label (near-miss guard)', (t) => {
  t.is(
    finalProjectLabel(`FROM x\nLABEL a=b ${LABELS.project}=${PROJECT_LABEL_VALUE}\n`),
    PROJECT_LABEL_VALUE,
  );
  t.is(
    finalProjectLabel(`FROM x\nLABEL ${LABELS.project}="${PROJECT_LABEL_VALUE}" \\\n  c=d\n`),
    PROJECT_LABEL_VALUE,
  );
  t.is(finalProjectLabel('FROM x\nCOPY a b\n'), undefined);
});
