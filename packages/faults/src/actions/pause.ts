import { confirmPaused } from '../confirm-effect.ts';
import type { EngineFaultAction } from './engine-action.ts';

/** `pause`: the engine freezes the container's cgroup; healed by unpausing it. */
export const pause: EngineFaultAction = {
  name: 'pause',
  undo: ['unpause'],
  async apply({ container, containerId, name, journal }) {
    await journal({ kind: 'unpause', containerId, name });
    await container.pause();
    await confirmPaused(container, name);
    return { detail: `${name} paused (frozen)` };
  },
};
