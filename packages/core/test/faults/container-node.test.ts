import test from 'ava';
import { containerIsNode } from '../../src/faults/container-node.ts';

test('a container is the node of its name, of its name suffix, or of its short id', (t) => {
  t.true(containerIsNode({ name: 'app-2' }, 'app-2'));
  t.true(containerIsNode({ name: 'sc-lab-1f2e-app-2' }, 'app-2'));
  t.true(containerIsNode({ name: 'shop_web-2' }, 'web-2'));
  t.true(containerIsNode({ name: 'shop-web-1', id: '4f9c2a1b7d3e0011aa' }, '4f9c2a1b7d3e'));
});

test('near misses are other nodes', (t) => {
  t.false(containerIsNode({ name: 'sc-lab-1f2e-app-22' }, 'app-2'));
  t.false(containerIsNode({ name: 'sc-lab-1f2e-app-2x' }, 'app-2'));
  t.false(containerIsNode({ name: 'myapp-2' }, 'app-2'));
  t.false(containerIsNode({ name: 'shop-web-1', id: '4f9c2a1b7d3e0011aa' }, '4f9c2a1b7d3f'));
  // A short node name is never taken for an id prefix.
  t.false(containerIsNode({ name: 'shop-web-1', id: '4f9c2a1b7d3e0011aa' }, '4f9c'));
  t.false(containerIsNode({ name: 'shop-web-1' }, '4f9c2a1b7d3e'));
});
