import { stopContainer } from '../signal-faults.ts';
import type { EngineFaultAction } from './engine-action.ts';

/** `stop`: SIGTERM, SIGKILL after the grace; healed by starting it again. */
export const stop: EngineFaultAction = {
  name: 'stop',
  undo: ['start'],
  async apply({ container, containerId, name, params, journal, signal }) {
    await journal({ kind: 'start', containerId, name });
    return stopContainer(container, name, params.graceSeconds ?? 10, signal);
  },
};
