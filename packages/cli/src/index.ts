import type { Writable } from 'node:stream';

import { EXIT } from './exit-codes.ts';
import type { Terminal } from './commands/run.ts';

export { EXIT } from './exit-codes.ts';

const COMMANDS = [
  'run',
  'journey',
  'init',
  'compare',
  'merge',
  'k8s',
  'lab',
  'heal',
  'report',
  'validate',
  'examples',
] as const;

const USAGE = `usage: sessionchaos <command> [options]

commands:
  run <scenario> [--target URL] [--out DIR] [--seed N] [--users N] [--duration D] [--no-dashboard] [--dry-run]
      [--allow-exec] [--allow-external] [--keep-lab]
  journey <scenario> [--target URL]    walk the journey once and explain each step
  init --url URL [--username U --password P] [--out FILE]   scaffold a scenario for your app
  init --example NAME [--out FILE]     copy a scenario of the library (examples lists them)
  examples                             list the scenario library shipped with sessionchaos
  lab up|down|status
  heal [--journal DIR] [--allow-exec]
  report <dir>
  merge <shard-dir>... --out DIR      merge the shards of a run (run --shard K/N) into one verdict
  k8s <scenario> --shards N [--image IMG] [--namespace NS]   the manifests of a sharded run on Kubernetes
  validate <scenario>...
  compare [--strategies a,b] [--faults kill|none] [--users N] [--duration D] [--out DIR]
      every lab strategy, the same load and faults, one table

options:
  -V, --version    print the version and exit
  -h, --help       print this help and exit
`;

/** Runs the CLI with `argv` (without node and script) and resolves with the exit code. */
export async function run(
  argv: string[],
  out: Writable,
  err: Writable,
  terminal?: Terminal,
): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    out.write(USAGE);
    return command === undefined ? EXIT.usage : EXIT.pass;
  }
  if (command === '--version' || command === '-V') {
    out.write(`${(await import('./version.ts')).packageVersion()}\n`);
    return EXIT.pass;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    err.write(`sessionchaos: unknown command "${command}". Valid commands: ${COMMANDS.join(', ')}.\n`);
    return EXIT.usage;
  }
  if (command === 'heal') return (await import('./commands/heal.ts')).healCommand(argv.slice(1), out, err);
  if (command === 'lab') return (await import('./commands/lab.ts')).labCommand(argv.slice(1), out, err);
  if (command === 'init') return (await import('./commands/init.ts')).initCommand(argv.slice(1), out, err);
  if (command === 'k8s') return (await import('./commands/k8s.ts')).k8sCommand(argv.slice(1), out, err);
  if (command === 'merge') return (await import('./commands/merge.ts')).mergeCommand(argv.slice(1), out, err);
  if (command === 'journey')
    return (await import('./commands/journey.ts')).journeyCommand(argv.slice(1), out, err);
  if (command === 'examples')
    return (await import('./commands/examples.ts')).examplesCommand(argv.slice(1), out, err);
  if (command === 'validate')
    return (await import('./commands/validate.ts')).validateCommand(argv.slice(1), out, err);
  if (command === 'compare')
    return (await import('./commands/compare.ts')).compareCommand(argv.slice(1), out, err);
  if (command === 'report')
    return (await import('./commands/report.ts')).reportCommand(argv.slice(1), out, err);
  return (await import('./commands/run.ts')).runCommand(argv.slice(1), out, err, terminal);
}
