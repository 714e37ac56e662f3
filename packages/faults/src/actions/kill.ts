import { killContainer } from '../signal-faults.ts';
import type { EngineFaultAction } from './engine-action.ts';

/** `kill`: SIGKILL (direct when the pid is known, armed ahead when scheduled); healed by starting it again. */
export const kill: EngineFaultAction = {
  name: 'kill',
  undo: ['start'],
  async apply({ container, containerId, name, journal, signal }) {
    await journal({ kind: 'start', containerId, name });
    return killContainer(container, name, signal);
  },
};
