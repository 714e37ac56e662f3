import { FAULT_ACTIONS } from '@sessionchaos/core';

/** The dashboard's fault keys, declared by the fault actions of the registry (`keys`). */
const FAULT_KEYS = FAULT_ACTIONS.flatMap((a) => a.keys ?? []);

/** The commands that are not faults. */
const RUN_COMMANDS = ['heal-all', 'toggle-traffic', 'quit'] as const;

/** One of {@link DASHBOARD_COMMANDS}: a fault key's command (`kill-busiest`) or a run command. */
export type DashboardCommand = string;

/** What the dashboard's keys ask the CLI to do. The CLI acts; results come back as fault ops. */
export const DASHBOARD_COMMANDS: readonly DashboardCommand[] = [
  ...FAULT_KEYS.map((k) => k.command),
  ...RUN_COMMANDS,
];

/** The commands that inject a fault: they act only when the run says it is interactive. */
export const FAULT_COMMANDS: ReadonlySet<DashboardCommand> = new Set(FAULT_KEYS.map((k) => k.command));

/** One key of the dashboard, as the help overlay lists it. */
export interface KeyBinding {
  /** The character typed (`space` is shown for ' '). */
  key: string;
  command: DashboardCommand;
  description: string;
}

/** Every key, in the order the help overlay shows them (the fault keys in registry order). Ctrl-C also quits. */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  ...FAULT_KEYS.map(({ key, command, description }) => ({ key, command, description })),
  { key: 'h', command: 'heal-all', description: 'heal every active fault' },
  { key: ' ', command: 'toggle-traffic', description: 'pause / resume traffic' },
  { key: 'q', command: 'quit', description: 'stop the run: heal, check, write the reports' },
];

/** The command a typed character stands for, if any. */
export function commandForKey(input: string): DashboardCommand | undefined {
  return KEY_BINDINGS.find((b) => b.key === input)?.command;
}
