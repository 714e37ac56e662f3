import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';
import { applyContainerDefaults } from '@sessionchaos/core';

/** The container runtime, with the project's testcontainers defaults applied first. */
export function runtime(): Promise<ContainerRuntimeClient> {
  applyContainerDefaults(process.env);
  return getContainerRuntimeClient();
}
