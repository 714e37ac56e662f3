import { APP_BACKENDS } from './app-backends.ts';
import type { AppConfig } from './app-config.ts';
import type { SessionBackend } from './session-backend.ts';

/** The session backend a configuration asks for (its strategy is one of `APP_BACKENDS`, see `appConfigFromEnv`). */
export function backendFor(config: AppConfig): SessionBackend {
  const factory = APP_BACKENDS[config.strategy];
  if (!factory) throw new Error(`no session backend for strategy "${config.strategy}"`);
  return factory(config);
}
