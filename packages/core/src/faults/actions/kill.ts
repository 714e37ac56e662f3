import { faultAction } from './fault-action.ts';

/** `kill`: SIGKILL the victims' containers (healed by starting them again). */
export const kill = faultAction()({
  name: 'kill',
  summary: 'SIGKILLs the container (started again when healed).',
  lasting: false,
  params: {},
  nodeState: 'down',
  takesStoreDown: true,
  keys: [
    {
      key: 'k',
      command: 'kill-busiest',
      description: 'kill the busiest app node (most live sessions)',
      target: { role: 'app' },
      select: 'busiest',
    },
    {
      key: 'r',
      command: 'kill-random',
      description: 'kill a random app node',
      target: { role: 'app' },
      select: 'one',
    },
  ],
});
