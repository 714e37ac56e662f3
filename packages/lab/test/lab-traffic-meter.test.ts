import test from 'ava';
import { parseMeterCounters } from '../src/cluster/lab-traffic-meter.ts';

test('meter counters: bytes by destination (to a peer or the store) and by source (from the store)', (t) => {
  // `iptables -nvxL sessionchaos-meter` as iptables-nft 1.8.9 prints it (rules with no target).
  const listing = `Chain sessionchaos-meter (2 references)
    pkts      bytes target     prot opt in     out     source               destination
     100    22666            0    --  *      *       0.0.0.0/0            172.22.0.4
     105    22664            0    --  *      *       0.0.0.0/0            172.22.0.3
      12     1500            all  --  *      *       0.0.0.0/0            172.22.0.9
      11     2048            all  --  *      *       172.22.0.9           0.0.0.0/0
`;
  const { to, from } = parseMeterCounters(listing);
  t.deepEqual(
    [...to],
    [
      ['172.22.0.4', 22666],
      ['172.22.0.3', 22664],
      ['172.22.0.9', 1500],
    ],
  );
  t.deepEqual([...from], [['172.22.0.9', 2048]]);
});

test('meter counters: an empty chain and the headers count nothing', (t) => {
  const { to, from } = parseMeterCounters(
    'Chain sessionchaos-meter (2 references)\n    pkts      bytes target     prot opt in     out     source               destination\n',
  );
  t.is(to.size + from.size, 0);
});
