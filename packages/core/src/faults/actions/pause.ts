import { faultAction } from './fault-action.ts';

/** `pause`: freeze the container's cgroup until healed (unpaused). */
export const pause = faultAction()({
  name: 'pause',
  summary: "freezes the container's processes (its cgroup) until healed.",
  lasting: true,
  params: {},
  nodeState: 'paused',
  takesStoreDown: true,
  keys: [
    {
      key: 'p',
      command: 'pause-node',
      description: 'pause (freeze) an app node',
      target: { role: 'app' },
      select: 'one',
    },
  ],
});
