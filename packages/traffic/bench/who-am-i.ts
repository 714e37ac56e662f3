import type { RequestSpec } from '@sessionchaos/core';

/** The bench's who-am-I request, plain. */
export const PLAIN: RequestSpec = { method: 'GET', path: '/api/me' };

/** The same request with the journey language's templated headers and captures. */
export const RICH: RequestSpec = {
  method: 'GET',
  path: '/api/me',
  headers: {
    authorization: 'Bearer {{token}}',
    'x-trace': 'vu-{{vu}}-{{iteration}}',
    accept: 'application/json',
  },
  capture: { token: '$.token', request: { header: 'x-request-id' } },
};
