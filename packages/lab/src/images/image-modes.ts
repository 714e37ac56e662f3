/** Where lab images come from: registry images, binaries on this machine, or whichever works. */
export const IMAGE_MODES = ['official', 'assembled', 'auto'] as const;

/** One of {@link IMAGE_MODES}. */
export type ImageMode = (typeof IMAGE_MODES)[number];
