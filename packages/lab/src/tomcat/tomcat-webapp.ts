import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The Tomcat webapp (FORM login, /api/me, /api/data, /logout, /healthz, X-Served-By) on disk: the lab deploys
 * it as each node's ROOT context, the real-app tests as `/app` of one local Tomcat.
 */
export function tomcatWebappDir(): string {
  // From src/tomcat/ the package root is two levels up; from a compiled dist/src/tomcat/, three.
  for (const up of ['../../tomcat/webapp/', '../../../tomcat/webapp/']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(`${dir}WEB-INF/web.xml`)) return dir;
  }
  throw new Error(
    'the Tomcat webapp is missing from @sessionchaos/lab (tomcat/webapp/): reinstall the package',
  );
}
