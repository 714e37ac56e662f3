import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { CounterData } from './counter-data.ts';
import type { DataVerdicts } from './data-verdicts.ts';
import { ListData } from './list-data.ts';
import { asDataOp, endsSessionData, isNewSession, touchesSessionData } from './session-data.ts';
import { VuTable } from './vu-table.ts';

interface VuData {
  vu: number;
  epoch: number;
  session: string | undefined;
  data: CounterData | ListData;
}

/**
 * `stale-read` or `lost-update` (one logic, two kinds, each checker reporting its own) for
 * session data under `increment` or `append` semantics: per session, a read behind what was
 * acknowledged before it was sent is stale if a later read of the session caught up, and the
 * acknowledged increments or items are lost if none did before the session ended (a new
 * epoch or cookie, a login, a logout that succeeded, or the end of the history) and the reads
 * kept missing them for `lostAfterMs` or more; a session that ended sooner only shows reads late.
 */
export function sessionDataJudge(ctx: CheckContext, kind: 'stale-read' | 'lost-update'): IncrementalChecker {
  const counter = ctx.options.dataSemantics === 'increment';
  const acc = new FindingAccumulator(kind, 'major', ctx);
  const vus = new VuTable<VuData>();
  let maxCatchUpMs = 0;
  let lostSessions = 0;
  let endedBehind = 0;

  function verdictsFor(vu: number): DataVerdicts {
    return {
      stale(at, n, caughtUpAt) {
        if (kind !== 'stale-read') return;
        acc.add(at, vu, n);
        if (caughtUpAt === null) endedBehind += n;
        else maxCatchUpMs = Math.max(maxCatchUpMs, caughtUpAt - at);
      },
      lost(at, n) {
        if (kind === 'lost-update') acc.add(at, vu, n);
      },
    };
  }

  function end(vu: number): void {
    const d = vus.get(vu);
    if (!d) return;
    const before = acc.total;
    d.data.end();
    if (kind === 'lost-update' && acc.total > before) lostSessions++;
    vus.delete(vu);
  }

  function feed(op: VuOp): void {
    if (!touchesSessionData(op)) return;
    op = asDataOp(op, ctx.options.loginPath);
    let d = vus.get(op.process);
    if (d && isNewSession(d, op)) {
      end(op.process); // a new session starts with fresh data
      d = undefined;
    }
    if (op.step === 'login' || op.step === 'logout') {
      if (endsSessionData(op)) end(op.process);
      return;
    }
    if (!d) {
      if (op.step !== 'write' || op.type !== 'invoke') return; // nothing acknowledged: nothing to judge
      const verdicts = verdictsFor(op.process);
      d = {
        vu: op.process,
        epoch: op.epoch,
        session: op.session,
        data: counter
          ? new CounterData(verdicts, ctx.options.lostAfterMs)
          : new ListData(verdicts, ctx.options.lostAfterMs),
      };
      vus.set(op.process, d);
    }
    d.session ??= op.session;
    d.data.feed(op);
  }

  // How the reads behind ended: caught up, or their session (or the run) ended first.
  function caughtUp(): string {
    const behind =
      endedBehind > 0 ? `${plural(endedBehind, 'read')} had not caught up when the session ended` : '';
    if (maxCatchUpMs === 0 && behind !== '') return behind;
    const within = `later reads caught up within ${Math.round(maxCatchUpMs)} ms at worst`;
    return behind === '' ? within : `${within}; ${behind}`;
  }

  const what = counter ? 'count below the increments' : 'list missing items';
  return {
    kinds: [kind],
    feed,
    finish() {
      for (const d of [...vus.values()]) end(d.vu);
      vus.clear();
      if (kind === 'stale-read') {
        return acc.toFindings(
          (g) =>
            `${plural(g.count, 'read')} by ${who(g)} returned a ${what} acknowledged before ` +
            `${g.count === 1 ? 'it was' : 'they were'} sent ${where(g)}; ${caughtUp()}.`,
        );
      }
      const written = counter ? 'acknowledged increment' : 'acknowledged appended item';
      return acc.toFindings(
        (g) =>
          `${plural(g.count, written)} (${who(g)}) never showed in a later read of ` +
          `${g.count === 1 ? 'its' : 'their'} session ${where(g)}: the updates were lost ` +
          `(${plural(lostSessions, 'session')} lost updates in all).`,
      );
    },
  };
}
