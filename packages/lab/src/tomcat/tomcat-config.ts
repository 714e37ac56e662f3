/**
 * Tomcat's configuration files, shared by the lab's `tomcat` strategy (one JVM a container, clustered) and the
 * single local Tomcat of the real-app tests.
 */

/** The password of every user in the generated realm (the lab journey's password). */
export const TOMCAT_PASSWORD = 'secret';

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Session replication between Tomcat nodes (`SimpleTcpCluster` with static membership). */
export interface TomcatClusterConfig {
  /** `delta`: DeltaManager, every session on every node; `backup`: BackupManager, one backup node a session. */
  manager: 'delta' | 'backup';
  /** Wait for the peers' acknowledgement before answering (send options 6) or not (8, Tomcat's default). */
  sync: boolean;
  /** Index (1-based) of this node in `members`. */
  self: number;
  /** Host names of every node, this one included, in order; all receive on `receiverPort`. */
  members: string[];
  receiverPort: number;
}

/** What {@link serverXml} needs. */
export interface TomcatServerOptions {
  /** Address the connector binds: 127.0.0.1 for a local JVM, 0.0.0.0 in a container. */
  address: string;
  httpPort: number;
  /** Port of the shutdown command, on 127.0.0.1 only; -1: none (a container is stopped by a signal). */
  shutdownPort: number;
  shutdownCommand: string;
  cluster?: TomcatClusterConfig;
}

// Tribes identifies members by a 16-byte id; the node's index in its last byte is enough inside one lab.
const uniqueId = (index: number): string => `{${[...Array<number>(15).fill(0), index].join(',')}}`;

// Tribes send options: 8 = asynchronous (queued, no ack); 2|4 = 6 = use ack, synchronized ack.
const sendOptions = (sync: boolean): number => (sync ? 6 : 8);

/** The `<Cluster>` element: static membership (no multicast), the chosen manager, replication after each request. */
export function clusterXml(c: TomcatClusterConfig): string {
  const self = c.members[c.self - 1];
  if (self === undefined) throw new Error(`cluster member ${c.self} is not in ${c.members.join(', ')}`);
  const peers = c.members
    .map((host, i) => ({ host, index: i + 1 }))
    .filter((m) => m.index !== c.self)
    .map(
      (m) =>
        `          <Member className="org.apache.catalina.tribes.membership.StaticMember" host="${m.host}" port="${c.receiverPort}" uniqueId="${uniqueId(m.index)}" />`,
    )
    .join('\n');
  const manager =
    c.manager === 'delta'
      ? // No expiry on shutdown: a stopped node must not end the copies its peers hold.
        `<Manager className="org.apache.catalina.ha.session.DeltaManager" expireSessionsOnShutdown="false" notifyListenersOnReplication="true" stateTransferTimeout="10" />`
      : `<Manager className="org.apache.catalina.ha.session.BackupManager" mapSendOptions="${sendOptions(c.sync)}" rpcTimeout="3000" />`;
  return `    <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster" channelSendOptions="${sendOptions(c.sync)}">
      ${manager}
      <Channel className="org.apache.catalina.tribes.group.GroupChannel">
        <Membership className="org.apache.catalina.tribes.membership.StaticMembershipService">
          <LocalMember className="org.apache.catalina.tribes.membership.StaticMember" uniqueId="${uniqueId(c.self)}" />
${peers}
        </Membership>
        <Receiver className="org.apache.catalina.tribes.transport.nio.NioReceiver" address="${self}" port="${c.receiverPort}" autoBind="0" selectorTimeout="1000" maxThreads="6" />
        <Sender className="org.apache.catalina.tribes.transport.ReplicationTransmitter">
          <Transport className="org.apache.catalina.tribes.transport.nio.PooledParallelSender" timeout="3000" />
        </Sender>
        <Interceptor className="org.apache.catalina.tribes.group.interceptors.TcpFailureDetector" />
        <Interceptor className="org.apache.catalina.tribes.group.interceptors.MessageDispatchInterceptor" />
      </Channel>
      <Valve className="org.apache.catalina.ha.tcp.ReplicationValve" filter="" />
      <ClusterListener className="org.apache.catalina.ha.session.ClusterSessionListener" />
    </Cluster>
`;
}

/**
 * conf/server.xml: one HTTP connector and the shutdown port, the UserDatabase realm over
 * conf/tomcat-users.xml (no LockOutRealm: a load test that mistypes a password must not lock a user out
 * for the rest of the run), and the cluster when there is one.
 */
export function serverXml(o: TomcatServerOptions): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Server port="${o.shutdownPort}" address="127.0.0.1" shutdown="${escapeXml(o.shutdownCommand)}">
  <Listener className="org.apache.catalina.mbeans.GlobalResourcesLifecycleListener" />
  <GlobalNamingResources>
    <Resource name="UserDatabase" auth="Container" type="org.apache.catalina.UserDatabase"
              factory="org.apache.catalina.users.MemoryUserDatabaseFactory"
              pathname="conf/tomcat-users.xml" readonly="true" />
  </GlobalNamingResources>
  <Service name="Catalina">
    <Connector port="${o.httpPort}" address="${o.address}" protocol="HTTP/1.1" connectionTimeout="20000" />
    <Engine name="Catalina" defaultHost="localhost">
${o.cluster ? clusterXml(o.cluster) : ''}      <Realm className="org.apache.catalina.realm.UserDatabaseRealm" resourceName="UserDatabase" />
      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false" />
    </Engine>
  </Service>
</Server>
`;
}

/** The generated user names, `user-1` ... `user-<count>`. */
export function tomcatUserNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `user-${i + 1}`);
}

/** conf/tomcat-users.xml: the given users, password `secret`, role `user` (the role /api/* requires). */
export function tomcatUsersXml(users: string[]): string {
  const lines = users
    .map((name) => `  <user username="${escapeXml(name)}" password="${TOMCAT_PASSWORD}" roles="user" />`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="user" />
${lines}
</tomcat-users>
`;
}

/** conf/logging.properties: everything to the console (a file locally, the container log in the lab). */
export const TOMCAT_LOGGING_PROPERTIES = `handlers = java.util.logging.ConsoleHandler
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

// The flags catalina.sh adds on Java 9+, so the JVM runs as it would under Tomcat's own scripts.
const ADD_OPENS = [
  'java.base/java.lang',
  'java.base/java.lang.reflect',
  'java.base/java.io',
  'java.base/java.util',
  'java.base/java.util.concurrent',
  'java.rmi/sun.rmi.transport',
].map((pkg) => `--add-opens=${pkg}=ALL-UNNAMED`);

/**
 * The `java` arguments that start Tomcat (Bootstrap directly, not catalina.sh: the process is the JVM,
 * so a stop or a kill reaches exactly it). A small heap and the C1 compiler only: quick start-ups.
 */
export function tomcatJavaArgs(
  home: string,
  base: string,
  properties: Record<string, string> = {},
): string[] {
  return [
    '-Xmx128m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    ...ADD_OPENS,
    `-Dcatalina.base=${base}`,
    `-Dcatalina.home=${home}`,
    `-Djava.io.tmpdir=${base}/temp`,
    '-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager',
    `-Djava.util.logging.config.file=${base}/conf/logging.properties`,
    ...Object.entries(properties).map(([k, v]) => `-D${k}=${v}`),
    '-classpath',
    `${home}/bin/bootstrap.jar:${home}/bin/tomcat-juli.jar`,
    'org.apache.catalina.startup.Bootstrap',
    'start',
  ];
}
