import type { Container, Inventory, Workload } from '../../analyzers/k8s/inventory.js';

/** Every container that runs a recognised blockchain client, with its workload. */
export function clientContainers(inv: Inventory): { w: Workload; c: Container }[] {
  return inv.workloads.flatMap((w) => w.containers.filter((c) => c.run).map((c) => ({ w, c })));
}
