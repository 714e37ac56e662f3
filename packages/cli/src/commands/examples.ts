import type { Writable } from 'node:stream';
import { EXIT } from '../exit-codes.ts';
import { libraryScenarios } from '../scenario-library.ts';

const USAGE = 'usage: sessionchaos examples\n';

/** `sessionchaos examples`: lists the scenario library shipped with the package, for `init --example NAME`. */
export function examplesCommand(argv: string[], out: Writable, err: Writable): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(
      `${USAGE}\nLists the scenarios shipped with sessionchaos; copy one with sessionchaos init --example NAME.\n`,
    );
    return EXIT.pass;
  }
  if (argv.length > 0) {
    err.write(`sessionchaos examples: takes no arguments (got ${argv.join(' ')}).\n${USAGE}`);
    return EXIT.usage;
  }
  const library = libraryScenarios();
  if (library.length === 0) {
    err.write(
      'sessionchaos examples: the scenario library is missing from this installation (no scenarios/ beside the ' +
        'package). Reinstall sessionchaos (npm install -D sessionchaos).\n',
    );
    return EXIT.environment;
  }
  const width = Math.max(...library.map((s) => s.name.length)) + 2;
  for (const s of library) out.write(`${s.name.padEnd(width)}${s.summary}\n`);
  out.write(`\ncopy one: sessionchaos init --example NAME [--out FILE]\n`);
  return EXIT.pass;
}
