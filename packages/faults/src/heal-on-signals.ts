/** Something that can heal everything it applied. FaultRunner is one. */
export interface Healer {
  stop(): Promise<void>;
}

/**
 * On SIGINT or SIGTERM, heals everything the runners applied, then exits with 130 (SIGINT) or
 * 143 (SIGTERM). A second signal while healing exits at once, leaving the heal journal for
 * `sessionchaos heal`. Returns a function that removes the handlers (for a run that ended normally).
 */
export function healOnSignals(
  healers: readonly Healer[],
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): () => void {
  let healing = false;
  const handler = (signal: NodeJS.Signals): void => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (healing) {
      log(`${signal} again: exiting without healing; run \`sessionchaos heal\` to restore the cluster`);
      process.exit(code);
    }
    healing = true;
    log(`${signal}: healing every active fault before exiting (press Ctrl-C again to skip)`);
    void Promise.allSettled(healers.map((h) => h.stop())).then(() => process.exit(code));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
