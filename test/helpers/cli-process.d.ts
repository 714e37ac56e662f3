import { type ChildProcessWithoutNullStreams } from 'node:child_process';
/** A real `sessionchaos` process: its output so far, and its exit (code, or the signal that ended it). */
export interface CliProcess {
    child: ChildProcessWithoutNullStreams;
    readonly err: string;
    readonly out: string;
    exited: Promise<{
        code: number | null;
        signal: NodeJS.Signals | null;
    }>;
    /** Resolves once stderr matches `re`; rejects after `ms` with what was written. */
    waitFor(re: RegExp, ms?: number): Promise<void>;
}
/** Starts the CLI as its own process (real signals reach it), killed at the latest when `ttlMs` passes. */
export declare function startCli(argv: string[], env?: NodeJS.ProcessEnv, ttlMs?: number): CliProcess;
/** A line of a Node stack trace: what a user must never see. */
export declare const STACK_TRACE: RegExp;
