import { imageModeFromEnv, type ImageMode } from '../images/lab-images.ts';
import { resolveOptionalImage } from '../images/optional-image.ts';
import { LabContainer } from './lab-container.ts';
import { labLabels } from './lab-docker.ts';
import type { LabStore, StoreHandle, StoreStartContext } from './lab-store.ts';

/** Port PostgreSQL listens on. */
export const POSTGRES_PORT = 5432;
/** The official image, used when a registry answers. */
export const OFFICIAL_POSTGRES_IMAGE = 'postgres:15';
/** Debian's PostgreSQL (apt-get install postgresql): its programs, modules and share files. */
const PG = '/usr/lib/postgresql/15';
// The uid the assembled image runs PostgreSQL as: it refuses to run as root.
const PG_USER = 'postgres:x:999:999:postgres:/tmp:/bin/sh';

/**
 * The PostgreSQL image: the official one when present or pulled in time, else assembled from this machine's
 * Debian PostgreSQL 15: `postgres` and `initdb` with their libraries, the two modules initdb loads (PL/pgSQL,
 * the snowball dictionaries), the share files, UTC's zone file, and a `postgres` user.
 */
export function resolvePostgresImage(mode: ImageMode = imageModeFromEnv()): Promise<string> {
  return resolveOptionalImage(
    OFFICIAL_POSTGRES_IMAGE,
    () => ({
      repository: 'sessionchaos/postgres',
      binaries: [`${PG}/bin/postgres`, `${PG}/bin/initdb`],
      files: [
        { path: `${PG}/lib/plpgsql.so`, from: `${PG}/lib/plpgsql.so` },
        { path: `${PG}/lib/dict_snowball.so`, from: `${PG}/lib/dict_snowball.so` },
        { path: '/usr/share/zoneinfo/UTC', from: '/usr/share/zoneinfo/UTC' },
        { path: '/etc/passwd', content: `root:x:0:0:root:/root:/bin/sh\n${PG_USER}\n` },
        { path: '/etc/group', content: 'root:x:0:\npostgres:x:999:\n' },
      ],
      trees: ['/usr/share/postgresql/15'],
      changes: [`ENV PATH=${PG}/bin:/usr/bin:/bin`, 'ENV TZ=UTC'],
    }),
    mode,
  );
}

// Both images: initialise the data folder on the first start only (a restart after a kill keeps the sessions),
// trust every client of the private lab network, listen on every interface. fsync is off: a killed container is
// a killed process, not a lost page cache, so nothing written is lost, and commits stay fast on overlayfs.
const START = [
  'set -e',
  'D=/tmp/pgdata',
  `[ -s "$D/PG_VERSION" ] || { initdb -D "$D" -U postgres -A trust --no-locale -E UTF8 >/dev/null; ` +
    `echo 'host all all all trust' >> "$D/pg_hba.conf"; }`,
  `exec postgres -D "$D" -c listen_addresses='*' -c unix_socket_directories=/tmp -c fsync=off`,
].join('\n');

/** Starts one PostgreSQL on the lab network as `postgres` (user `postgres`, no password, database `postgres`). */
export async function startPostgres(ctx: StoreStartContext): Promise<StoreHandle> {
  const container = await new LabContainer(ctx.image)
    .withName(`sc-${ctx.runId}-postgres`)
    .withUser('999:999')
    // The official image's own entry point would initialise it too; one script keeps both images alike (both
    // run PostgreSQL as uid 999 with its programs in Debian's folder).
    .withEntrypoint(['sh', '-c'])
    .withCommand([START])
    .withEnvironment({ PATH: `${PG}/bin:/usr/bin:/bin` })
    .withLoopbackPorts(POSTGRES_PORT)
    .withNetworkMode(ctx.network)
    .withNetworkAliases('postgres')
    .withLabels(labLabels(ctx.runId, 'postgres'))
    .start();
  const port = container.getMappedPort(POSTGRES_PORT);
  ctx.log(`postgres up: 127.0.0.1:${port}`);
  return { role: 'postgres', name: 'postgres', containerId: container.getId(), port };
}

/** The `postgres` strategy's store: one PostgreSQL the app nodes reach as `postgres:5432`. */
export const POSTGRES_STORE: LabStore = {
  strategy: 'postgres',
  role: 'postgres',
  resolveImage: resolvePostgresImage,
  start: startPostgres,
  appEnv: { DATABASE_URL: `postgres://postgres@postgres:${POSTGRES_PORT}/postgres` },
};
