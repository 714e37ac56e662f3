/**
 * Docker labels put on everything sessionchaos starts, so that `sessionchaos heal` and the
 * tests can find (and only find) what the project itself created.
 */
export const LABELS = {
  /** Present on every container, network and image the project creates. */
  project: 'dev.sessionchaos.project',
  /** The run (or lab) id the object belongs to. */
  run: 'dev.sessionchaos.run',
  /** Role in the lab: `app`, `balancer`, `redis`, `sentinel`. */
  role: 'dev.sessionchaos.role',
  /** Set while a fault holds the object (e.g. `pause`, `partition`), for crash recovery. */
  fault: 'dev.sessionchaos.fault',
} as const;

/** Value of the `project` label. */
export const PROJECT_LABEL_VALUE = 'sessionchaos';
