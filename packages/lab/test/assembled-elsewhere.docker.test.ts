import test from 'ava';
import { requireDocker } from '@sessionchaos/testkit';
import { assembleImage, missingAssemblyInputs, nodeImageSpec } from '../src/index.ts';

// Inside the sessionchaos image the host binaries the lab assembles its images from are absent: the image the
// engine already holds for the same contents is used, or the error names what is missing and the fix.

test('a spec whose binary is not on this machine, and of which the engine holds no image, fails naming the fix', async (t) => {
  await requireDocker();
  const spec = { repository: 'sessionchaos/absent-test', binaries: ['/nonexistent/bin/absent-server'] };
  t.deepEqual(missingAssemblyInputs(spec), ['/nonexistent/bin/absent-server']);
  const error = await t.throwsAsync(assembleImage(spec));
  t.regex(
    error.message,
    /could not assemble the sessionchaos\/absent-test image: \/nonexistent\/bin\/absent-server is not on this machine/,
  );
  t.regex(
    error.message,
    /Fix: assemble the lab's images once on the Docker host \(scripts\/build-offline-image\.sh/,
  );
});

test('a spec whose binary is elsewhere finds the image assembled here with the same contents', async (t) => {
  await requireDocker();
  const here = await assembleImage(nodeImageSpec());
  // The same image contents (node at /usr/local/bin/node), its binary taken from a path this machine lacks.
  const elsewhere = nodeImageSpec();
  elsewhere.binaries = [{ from: '/nonexistent/node', path: '/usr/local/bin/node' }];
  const found = await assembleImage(elsewhere);
  t.is(found, here);
  // Near miss: other contents (another ENV) are not taken for it.
  const other = nodeImageSpec([], ['ENV SESSIONCHAOS_TEST_ELSEWHERE=1']);
  other.binaries = [{ from: '/nonexistent/node', path: '/usr/local/bin/node' }];
  await t.throwsAsync(assembleImage(other), { message: /could not assemble the sessionchaos\/node image/ });
});
