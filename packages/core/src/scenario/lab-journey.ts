import { DEFAULT_JOURNEY, type JourneySpec } from './journey.ts';

/**
 * The journey of the lab's `tomcat` strategy: the same roles and paths as the lab app's, through Tomcat's own
 * FORM login. Tomcat answers a protected page with its login form in place (200, no redirect) and saves the
 * request; the login opens one, then submits that form to `j_security_check`, which changes the session id.
 */
export const TOMCAT_LAB_JOURNEY: JourneySpec = {
  ...DEFAULT_JOURNEY,
  loginPage: '/login.jsp',
  login: [
    { method: 'GET', path: '/api/me' },
    { form: { fields: { j_username: '{{username}}', j_password: '{{password}}' } } },
  ],
  sessionCookie: 'JSESSIONID',
};
