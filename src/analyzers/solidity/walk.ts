import type { Node } from './types.js';

export class BudgetExceeded extends Error {
  constructor(readonly ms: number) {
    super(`analysis exceeded its time budget of ${ms} ms`);
  }
}

/** Deadline shared by every loop of one file's analysis, so a pathological file cannot hold the process. */
export class Budget {
  private readonly deadline: number;
  private ticks = 0;
  constructor(private readonly ms: number) {
    this.deadline = Date.now() + ms;
  }
  tick(): void {
    if ((++this.ticks & 1023) === 0 && Date.now() > this.deadline) throw new BudgetExceeded(this.ms);
  }
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

const childCache = new WeakMap<Node, Node[]>();

/** Children of a node in source order (by range start where known); computed once per node, as every detector walks the tree. */
export function children(node: Node): Node[] {
  const cached = childCache.get(node);
  if (cached) return cached;
  const out: Node[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'range' || key === 'comments') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) out.push(value);
  }
  if (out.length > 1 && out.every((c) => c.range)) out.sort((a, b) => a.range![0] - b.range![0]);
  childCache.set(node, out);
  return out;
}

export type Visitor = (node: Node, ancestors: readonly Node[]) => void | 'skip';

/** Depth-first pre-order walk; returning 'skip' from the visitor skips a node's children. */
export function walk(root: Node | null | undefined, visit: Visitor, budget?: Budget, ancestors: Node[] = []): void {
  if (!root) return;
  const stack: { node: Node; depth: number }[] = [{ node: root, depth: ancestors.length }];
  const path = [...ancestors];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    budget?.tick();
    path.length = depth;
    if (visit(node, path) === 'skip') continue;
    path.push(node);
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], depth: depth + 1 });
  }
}

export function find(root: Node | null | undefined, pred: (n: Node) => boolean, budget?: Budget): Node[] {
  const out: Node[] = [];
  walk(
    root,
    (n) => {
      if (pred(n)) out.push(n);
    },
    budget,
  );
  return out;
}

export function some(root: Node | null | undefined, pred: (n: Node) => boolean, budget?: Budget): boolean {
  let hit = false;
  walk(
    root,
    (n) => {
      if (hit) return 'skip';
      if (pred(n)) hit = true;
    },
    budget,
  );
  return hit;
}
