import test from 'ava';
import { GenericContainer, Wait } from 'testcontainers';
import { newRunId, projectLabels, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import { IMAGE_NODE_PATH, assembleImage, nodeImageSpec } from '../src/index.ts';

const runId = newRunId('smoke');
test.after.always(async () => {
  await removeByRunId(runId);
});

test('an image assembled offline from the host node binary serves HTTP on a 127.0.0.1 mapped port', async (t) => {
  await requireDocker();
  const image = await assembleImage(nodeImageSpec());
  t.regex(image, /^sessionchaos\/node:assembled-[0-9a-f]{12}$/);
  // Same inputs, same image: the second call must not rebuild.
  t.is(await assembleImage(nodeImageSpec()), image);

  const server = `require('node:http').createServer((q, s) => s.end('pong ' + process.version)).listen(8080, () => console.log('listening'))`;
  const container = await new GenericContainer(image)
    .withCommand([IMAGE_NODE_PATH, '-e', server])
    .withExposedPorts(8080)
    .withLabels(projectLabels(runId))
    .withWaitStrategy(Wait.forLogMessage('listening'))
    .start();
  t.is(container.getHost(), '127.0.0.1', 'probed where the port is published, not on a bridge gateway');
  const response = await fetch(`http://127.0.0.1:${container.getMappedPort(8080)}/`);
  t.is(response.status, 200);
  t.is(await response.text(), `pong ${process.version}`);

  const id = container.getId();
  await container.stop();
  t.is(await removeByRunId(runId), 0, 'stop() removed the container already');
  const rt = await requireDocker();
  await t.throwsAsync(rt.container.dockerode.getContainer(id).inspect());
});
