import { faultAction } from './fault-action.ts';
import { GRACE_SECONDS_FIELD, type GraceParams } from './stop.ts';

/** `restart`: the engine restarts the container (nothing to heal). */
export const restart = faultAction<GraceParams>()({
  name: 'restart',
  summary: 'restarts the container (a stop with `graceSeconds`, then start); nothing to heal.',
  lasting: false,
  params: { graceSeconds: GRACE_SECONDS_FIELD },
  nodeState: 'restarting',
});
