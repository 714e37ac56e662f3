import type { Writable } from 'node:stream';

import { EXIT } from './exit-codes.ts';

export { EXIT } from './exit-codes.ts';

const COMMANDS = ['run', 'lab', 'heal', 'report', 'validate'] as const;

const USAGE = `usage: sessionchaos <command> [options]

commands:
  run <scenario> [--target URL] [--out DIR] [--seed N] [--users N] [--duration D] [--no-dashboard] [--dry-run]
  lab up|down|status
  heal [--journal DIR]
  report <dir>
  validate <scenario>
`;

/** Runs the CLI with `argv` (without node and script) and resolves with the exit code. */
export async function run(argv: string[], out: Writable, err: Writable): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    out.write(USAGE);
    return command === undefined ? EXIT.usage : EXIT.pass;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    err.write(`sessionchaos: unknown command "${command}". Valid commands: ${COMMANDS.join(', ')}.\n`);
    return EXIT.usage;
  }
  if (command === 'heal') return (await import('./commands/heal.ts')).healCommand(argv.slice(1), out, err);
  if (command === 'lab') return (await import('./commands/lab.ts')).labCommand(argv.slice(1), out, err);
  err.write(
    `sessionchaos: "${command}" is not built yet in this version: the lab, traffic generator, fault injector ` +
      `and checkers exist as packages, but the command that wires them into a run does not. Nothing was run. ` +
      `Try \`sessionchaos lab up\` to start a lab, or \`sessionchaos heal\`.\n`,
  );
  return EXIT.environment;
}
