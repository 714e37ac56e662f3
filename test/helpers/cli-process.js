import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
const MAIN = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url));
/** Starts the CLI as its own process (real signals reach it), killed at the latest when `ttlMs` passes. */
export function startCli(argv, env = {}, ttlMs = 60_000) {
    const child = spawn(process.execPath, ['--conditions=@sessionchaos/source', '--disable-warning=ExperimentalWarning', MAIN, ...argv], { env: { ...process.env, ...env } });
    let err = '';
    let out = '';
    child.stderr.on('data', (c) => (err += c.toString()));
    child.stdout.on('data', (c) => (out += c.toString()));
    const ttl = setTimeout(() => child.kill('SIGKILL'), ttlMs);
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
        clearTimeout(ttl);
        resolve({ code, signal });
    }));
    return {
        child,
        get err() {
            return err;
        },
        get out() {
            return out;
        },
        exited,
        waitFor: (re, ms = 30_000) => new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                child.stderr.off('data', check);
                reject(new Error(`never saw ${re} in:\n${err}`));
            }, ms);
            const check = () => {
                if (!re.test(err))
                    return;
                clearTimeout(timer);
                child.stderr.off('data', check);
                resolve();
            };
            child.stderr.on('data', check);
            check();
        }),
    };
}
/** A line of a Node stack trace: what a user must never see. */
export const STACK_TRACE = /\n\s+at .+[:(]\d+:\d+\)?/;
//# sourceMappingURL=cli-process.js.map