import type { Writable } from 'node:stream';

/** Fixed exit codes (ARCHITECTURE.md, "Contracts users depend on"). */
export const EXIT = {
  pass: 0,
  fail: 1,
  unknown: 2,
  usage: 64,
  environment: 69,
} as const;

const COMMANDS = ['run', 'lab', 'heal', 'report', 'validate'] as const;

const USAGE = `usage: sessionchaos <command> [options]

commands:
  run <scenario> [--target URL] [--out DIR] [--seed N] [--users N] [--duration D] [--no-dashboard] [--dry-run]
  lab up|down|status
  heal
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
  if (command === 'lab') return (await import('./commands/lab.ts')).labCommand(argv.slice(1), out, err);
  err.write(
    `sessionchaos: "${command}" is not built yet in this version (see the open issues: core, lab, traffic, ` +
      `faults, CLI). Nothing was run.\n`,
  );
  return EXIT.environment;
}
