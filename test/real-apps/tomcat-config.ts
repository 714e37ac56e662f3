import { userNames, PASSWORD } from './real-app.ts';

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * conf/server.xml of the test Tomcat: one HTTP connector and the shutdown port, both on 127.0.0.1
 * only, and the UserDatabase realm over conf/tomcat-users.xml (no LockOutRealm: a load test that
 * mistypes a password must not lock a user out for the rest of the run).
 */
export function serverXml(httpPort: number, shutdownPort: number, shutdownCommand: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Server port="${shutdownPort}" address="127.0.0.1" shutdown="${escapeXml(shutdownCommand)}">
  <Listener className="org.apache.catalina.mbeans.GlobalResourcesLifecycleListener" />
  <GlobalNamingResources>
    <Resource name="UserDatabase" auth="Container" type="org.apache.catalina.UserDatabase"
              factory="org.apache.catalina.users.MemoryUserDatabaseFactory"
              pathname="conf/tomcat-users.xml" readonly="true" />
  </GlobalNamingResources>
  <Service name="Catalina">
    <Connector port="${httpPort}" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000" />
    <Engine name="Catalina" defaultHost="localhost">
      <Realm className="org.apache.catalina.realm.UserDatabaseRealm" resourceName="UserDatabase" />
      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false" />
    </Engine>
  </Service>
</Server>
`;
}

/** conf/tomcat-users.xml: user-1 ... user-500, password `secret`, role `user` (the role /api/* requires). */
export function tomcatUsersXml(): string {
  const users = userNames()
    .map((name) => `  <user username="${name}" password="${PASSWORD}" roles="user" />`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="user" />
${users}
</tomcat-users>
`;
}

/** conf/logging.properties: everything to the console, which the launcher sends to logs/console.log. */
export const LOGGING_PROPERTIES = `handlers = java.util.logging.ConsoleHandler
.handlers = java.util.logging.ConsoleHandler
java.util.logging.ConsoleHandler.level = FINE
java.util.logging.ConsoleHandler.formatter = org.apache.juli.OneLineFormatter
`;

/**
 * Lines appended to the package's catalina.properties: skip scanning jars for TLDs and web
 * fragments (the app has none), which takes seconds of a start-up on a busy machine.
 */
export const CATALINA_PROPERTIES_EXTRA = `
tomcat.util.scan.StandardJarScanFilter.jarsToSkip=*.jar
`;
