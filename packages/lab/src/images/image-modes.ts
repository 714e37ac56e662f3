import { LAB_IMAGE_MODES } from '@sessionchaos/core/scenario';

/** Where lab images come from: registry images, binaries on this machine, or whichever works (core's lab table). */
export const IMAGE_MODES = LAB_IMAGE_MODES;

/** One of {@link IMAGE_MODES}. */
export type ImageMode = (typeof IMAGE_MODES)[number];
