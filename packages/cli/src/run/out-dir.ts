import { accessSync, constants, mkdirSync } from 'node:fs';

/**
 * Makes the output directory and checks that it can be written, before a lab starts or a request
 * is sent: a run whose reports cannot be written would cost its whole length for nothing.
 * Returns the problem as a message with the fix, or `undefined` when the directory is usable.
 */
export function checkOutDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why =
      e.code === 'ENOTDIR' || e.code === 'EEXIST'
        ? 'a part of the path is a file, not a directory'
        : e.code === 'EACCES' || e.code === 'EPERM'
          ? 'permission denied'
          : e.message;
    return `cannot write the reports to ${dir} - ${why}. Choose another directory with --out.`;
  }
}
