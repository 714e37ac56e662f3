import type { CompiledStep } from './compiled-step.ts';
import type { VuContext } from './vu-context.ts';
import type { PageState } from './vu-state.ts';

/** What a step that sends nothing leaves: no op, the page the role is on. */
export interface QuietOutcome {
  op: undefined;
  page: PageState | undefined;
}

/**
 * Walks a pause step: waits its length (ended early when the run stops), sends nothing and records no op; the
 * role's next step starts from the page the previous one ended on.
 */
export async function walkPause(
  ctx: VuContext,
  c: CompiledStep,
  page: PageState | undefined,
): Promise<QuietOutcome> {
  await ctx.stop.sleep(c.pauseMs ?? 0);
  return { op: undefined, page };
}
