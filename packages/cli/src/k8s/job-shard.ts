/** The environment variable a Kubernetes Indexed Job sets in each pod: its index, from 0. */
export const JOB_INDEX_ENV = 'JOB_COMPLETION_INDEX';

/**
 * `--shard index/N` as `K/N`, K being the pod's JOB_COMPLETION_INDEX + 1: the manifests' shard command then
 * needs no shell arithmetic (the offline image's busybox, or an image with no shell, runs it as it is).
 * Any other value is returned unchanged, for parseShard to judge.
 */
export function shardFromJobIndex(value: string, env: NodeJS.ProcessEnv): string | { error: string } {
  const m = /^index\/(.*)$/.exec(value.trim());
  if (!m) return value;
  const raw = env[JOB_INDEX_ENV];
  if (raw === undefined || !/^\d+$/.test(raw))
    return {
      error:
        `--shard "${value}" takes the shard from ${JOB_INDEX_ENV} (set by a Kubernetes Indexed Job), ` +
        `which is ${raw === undefined ? 'not set' : `"${raw}", not an index`}: run it in such a Job, or give --shard K/N`,
    };
  return `${Number(raw) + 1}/${m[1]}`;
}

/** `--out` with `{shard}` replaced by the shard's number, so each pod of the Job writes its own directory. */
export function outForShard(out: string, shardIndex: number | undefined): string | { error: string } {
  if (!out.includes('{shard}')) return out;
  if (shardIndex === undefined)
    return {
      error: `--out "${out}" names {shard}, which only a sharded run has: add --shard K/N or drop it`,
    };
  return out.replaceAll('{shard}', String(shardIndex));
}
