import { confirmRestarted, startedAt } from '../confirm-effect.ts';
import type { EngineFaultAction } from './engine-action.ts';

/** `restart`: the engine restarts the container; confirmed by a new start that still runs. Nothing to heal. */
export const restart: EngineFaultAction = {
  name: 'restart',
  undo: [],
  async apply({ container, name, params }) {
    const before = await startedAt(container);
    await container.restart({ t: params.graceSeconds ?? 10 });
    await confirmRestarted(container, name, before);
    return { detail: `${name} restarted` };
  },
};
