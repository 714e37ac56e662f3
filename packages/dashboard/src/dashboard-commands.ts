/** What the dashboard's keys ask the CLI to do. The CLI acts; results come back as fault ops. */
export const DASHBOARD_COMMANDS = [
  'kill-busiest',
  'kill-random',
  'kill-redis-primary',
  'pause-node',
  'partition-node',
  'heal-all',
  'toggle-traffic',
  'quit',
] as const;

/** One of {@link DASHBOARD_COMMANDS}. */
export type DashboardCommand = (typeof DASHBOARD_COMMANDS)[number];

/** The commands that inject a fault: they act only when the run says it is interactive. */
export const FAULT_COMMANDS: ReadonlySet<DashboardCommand> = new Set([
  'kill-busiest',
  'kill-random',
  'kill-redis-primary',
  'pause-node',
  'partition-node',
]);

/** One key of the dashboard, as the help overlay lists it. */
export interface KeyBinding {
  /** The character typed (`space` is shown for ' '). */
  key: string;
  command: DashboardCommand;
  description: string;
}

/** Every key, in the order the help overlay shows them. Ctrl-C also quits. */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  { key: 'k', command: 'kill-busiest', description: 'kill the busiest app node (most live sessions)' },
  { key: 'r', command: 'kill-random', description: 'kill a random app node' },
  { key: 'f', command: 'kill-redis-primary', description: 'kill the Redis primary (failover)' },
  { key: 'p', command: 'pause-node', description: 'pause (freeze) an app node' },
  { key: 'n', command: 'partition-node', description: 'partition an app node from the network' },
  { key: 'h', command: 'heal-all', description: 'heal every active fault' },
  { key: ' ', command: 'toggle-traffic', description: 'pause / resume traffic' },
  { key: 'q', command: 'quit', description: 'stop the run: heal, check, write the reports' },
];

/** The command a typed character stands for, if any. */
export function commandForKey(input: string): DashboardCommand | undefined {
  return KEY_BINDINGS.find((b) => b.key === input)?.command;
}
