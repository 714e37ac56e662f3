/**
 * Whether a container is the app node a target names in its answers (the `node` of the journey):
 * the same name; a container named for it (`sc-lab-1-app-2` or `shop_web-2` for node `app-2`,
 * `web-2`); or the container whose id it is (Docker's default hostname is the short id). It ties
 * faults on a user's own containers to the nodes the traffic sees.
 */
export function containerIsNode(container: { name: string; id?: string | undefined }, node: string): boolean {
  const { name, id } = container;
  if (name === node || name.endsWith(`-${node}`) || name.endsWith(`_${node}`)) return true;
  return node.length >= 12 && /^[0-9a-f]+$/.test(node) && id !== undefined && id.startsWith(node);
}
