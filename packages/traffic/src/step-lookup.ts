import type { Lookup } from './compiled-step.ts';
import type { StepExtras } from './vu-context.ts';
import type { VuState } from './vu-state.ts';

/**
 * The template values of one step: the VU's own (`vu`, `username`, `password`, `iteration`), the
 * value to write, cookies of `cookieUrl` (`cookie.<name>`) and captured variables (the replayed
 * ones when the extras carry them). Read when a template asks, so a capture of this step counts.
 */
export function stepLookup(vu: VuState, extras: StepExtras, cookieUrl: string): Lookup {
  const vars = extras.varsOverride ?? vu.vars;
  return (name) => {
    switch (name) {
      case 'vu':
        return vu.id;
      case 'username':
        return vu.user;
      case 'password':
        return vu.password;
      case 'iteration':
        return vu.iteration;
      case 'value':
        return extras.value;
    }
    if (name.startsWith('cookie.')) return vu.jar.value(cookieUrl, name.slice(7));
    return vars?.get(name);
  };
}
