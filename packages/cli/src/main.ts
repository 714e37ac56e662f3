#!/usr/bin/env node
import { run } from './index.ts';

// A reader that stops early (`sessionchaos examples | head`) closes the pipe: not an error of this command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await run(process.argv.slice(2), process.stdout, process.stderr);
