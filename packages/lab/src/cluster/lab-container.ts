import { GenericContainer } from 'testcontainers';

/**
 * A GenericContainer whose published ports bind to 127.0.0.1 only: lab traffic comes from this
 * machine, and nothing in the lab should be reachable from the network.
 */
export class LabContainer extends GenericContainer {
  /** Publishes `ports` (container side) on random 127.0.0.1 ports. */
  withLoopbackPorts(...ports: number[]): this {
    this.withExposedPorts(...ports);
    const bindings = this.hostConfig.PortBindings as Record<string, { HostIp?: string; HostPort?: string }[]>;
    for (const port of ports) bindings[`${port}/tcp`] = [{ HostIp: '127.0.0.1', HostPort: '0' }];
    return this;
  }
}
