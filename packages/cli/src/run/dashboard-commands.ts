import type { FaultTarget } from '@sessionchaos/core';
import type { DashboardCommand } from '@sessionchaos/dashboard';
import type { FaultRunner } from '@sessionchaos/faults';
import type { StartedLabCluster } from '@sessionchaos/lab';
import { isKeyFault, keyFault } from './key-faults.ts';
import type { PauseGate } from './pause-gate.ts';

/** What the dashboard's keys act on during the drive phase. */
export interface CommandContext {
  lab: StartedLabCluster | null;
  /** The containers the node keys act on when the run targets a URL (see `externalNodesTarget`). */
  externalNodes: FaultTarget | undefined;
  gate: PauseGate;
  now: () => number;
  notice: (message: string) => void;
  /** Ends the traffic (the run then concludes). */
  stop: () => void;
  /** The fault runner (null until the traffic starts): its active faults, and how to heal or inject one. */
  faults: () => Pick<FaultRunner, 'active' | 'heal' | 'inject'> | null;
}

/** The handler of the dashboard's commands: quit, pause the traffic, heal all, and the fault keys. */
export function dashboardCommands(c: CommandContext): (command: DashboardCommand) => void {
  let keyFaults = 0;
  return (command) => {
    if (command === 'quit') {
      c.notice('stopping: healing, checking and writing the reports');
      c.stop();
    } else if (command === 'toggle-traffic') {
      c.notice(c.gate.toggle() ? 'traffic paused (space resumes)' : 'traffic resumed');
    } else if (command === 'heal-all') {
      const runner = c.faults();
      c.notice(`healing ${runner?.active.length ?? 0} active fault(s)`);
      for (const key of runner?.active ?? []) void runner?.heal(key);
    } else if (isKeyFault(command)) {
      if (c.lab) {
        if (command === 'kill-redis-primary' && !c.lab.redis) c.notice('this lab has no Redis');
        else void c.faults()?.inject(keyFault(command, ++keyFaults, c.now()));
      } else if (command === 'kill-redis-primary') {
        c.notice("f kills the lab's Redis primary; this run targets a URL");
      } else if (!c.externalNodes) {
        c.notice(
          "fault keys act on the lab, or on the containers the scenario's faults name ({container} or {label}); this scenario names none",
        );
      } else {
        void c.faults()?.inject(keyFault(command, ++keyFaults, c.now(), c.externalNodes));
      }
    }
  };
}
