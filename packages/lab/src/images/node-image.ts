import { realpathSync } from 'node:fs';
import type { AssembledImageSpec } from './assemble-image.ts';
import type { RootFsFile } from './root-fs.ts';

/** Where the node binary sits inside assembled images. */
export const IMAGE_NODE_PATH = '/usr/local/bin/node';

/**
 * A Node image assembled from the node binary running this process (Node 24 here),
 * plus the given files (an app bundle, say).
 */
export function nodeImageSpec(files: RootFsFile[] = [], changes: string[] = []): AssembledImageSpec {
  return {
    repository: 'sessionchaos/node',
    binaries: [{ from: realpathSync(process.execPath), path: IMAGE_NODE_PATH }],
    files,
    changes: ['ENV PATH=/usr/local/bin:/bin', ...changes],
  };
}
