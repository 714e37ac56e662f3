import { faultAction } from './fault-action.ts';

/** `partition`'s params. */
export interface PartitionParams {
  /**
   * Cut only these TCP ports, both ways (iptables in the victim's network namespace), instead of every
   * network. Tomcat's replication port (4000) cuts a node from its cluster peers while the balancer still
   * reaches it: the split-brain case.
   */
  ports?: number[];
  /**
   * Of a Compose target: cut the victim only from the other replicas of its service (`peers`) or from the
   * containers of another service of its project (its name), both ways, by their addresses.
   */
  from?: string;
}

/** `partition`: cut the container from its networks (or only some ports, or some peers) until healed. */
export const partition = faultAction<PartitionParams>()({
  name: 'partition',
  summary: 'cuts the container from its networks (or only `ports`, or only `from` peers) until healed.',
  lasting: true,
  params: {
    ports: {
      type: 'list of TCP ports',
      description:
        "`partition`: cut only these ports, both ways, instead of every network (Tomcat's replication port 4000 cuts a node from its peers while the balancer still reaches it).",
      example: [4000],
      schema: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1, maximum: 65535 } },
    },
    from: {
      type: 'string',
      description:
        '`partition` of a Compose target: cut the replica only from the other replicas of its service (`peers`) or from the containers of another service of the project (its name), both ways; the rest of its traffic flows.',
      example: 'peers',
      schema: { type: 'string', minLength: 1 },
    },
  },
  check({ params: p, target, err }) {
    if (p.from !== undefined) {
      if (target.compose === undefined)
        err('params.from', 'from applies only to a partition of a compose target');
      else if (typeof p.from !== 'string' || p.from === '')
        err(
          'params.from',
          'from must be "peers" (the other replicas) or the name of a service of the project',
        );
      else if (p.ports !== undefined) err('params.from', 'give params.from or params.ports, not both');
    }
    if (
      p.ports !== undefined &&
      (!Array.isArray(p.ports) ||
        p.ports.length === 0 ||
        !p.ports.every((port) => Number.isInteger(port) && port >= 1 && port <= 65535))
    )
      err('params.ports', 'partition ports must be a list of TCP ports, 1 to 65535 (e.g. [4000])');
  },
  nodeState: 'partitioned',
  takesStoreDown: true,
  keys: [
    {
      key: 'n',
      command: 'partition-node',
      description: 'partition an app node from the network',
      target: { role: 'app' },
      select: 'one',
    },
  ],
});
