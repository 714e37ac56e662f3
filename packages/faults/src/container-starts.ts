import type Dockerode from 'dockerode';

/**
 * Follows the engine's container `start` events, calling `onStart` with each started container's id,
 * so that a pid is learned when its process starts (a heal, a restart by hand or by a restart policy)
 * rather than by an `inspect` just before a fault, which a busy engine answers in seconds. The stream
 * never keeps the process alive, and following is best effort: without it, faults learn pids as before.
 * Returns how to stop following.
 */
export async function followStarts(
  docker: Dockerode,
  onStart: (containerId: string) => void,
): Promise<() => void> {
  const stream = (await docker.getEvents({
    filters: { type: ['container'], event: ['start'] },
  })) as NodeJS.ReadableStream & { socket?: { unref(): void }; destroy(): void };
  stream.socket?.unref();
  let buffer = '';
  stream.on('data', (chunk: Buffer | string) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const event = JSON.parse(line) as { id?: string; Actor?: { ID?: string } };
        const id = event.Actor?.ID ?? event.id;
        if (id) onStart(id);
      } catch {
        // Not an event line: skipped.
      }
    }
  });
  stream.on('error', () => undefined);
  return () => stream.destroy();
}
