/**
 * Links blocks by their parent hash in whatever order a source yields them (Bitcoin Core's blk
 * files are out of order), with bounded memory: old linked blocks are forgotten, orphans wait for
 * their parent. Reports gaps (a second chain start), reorgs (two children of one parent) and
 * duplicates.
 */
export interface LinkNode {
  hash: string;
  parent: string;
  /** Known up front (RPC, genesis) or derived from the parent when linked. */
  height: number | null;
}

export interface LinkerEvents<N extends LinkNode> {
  /** Called once per node when its parent is known (or it is a known root), parents first. */
  linked(node: N, parent: N | null): void;
  duplicate(node: N): void;
  reorg(node: N, sibling: string): void;
}

export class Linker<N extends LinkNode> {
  private readonly known = new Map<string, N>();
  private readonly childOf = new Map<string, string>();
  private readonly waiting = new Map<string, N[]>();
  private waitingCount = 0;

  constructor(
    private readonly events: LinkerEvents<N>,
    private readonly capacity = 8192,
  ) {}

  get(hash: string): N | undefined {
    return this.known.get(hash);
  }

  /** A block known to exist before the source starts (a genesis block, a snapshot's last block). */
  anchor(node: N): void {
    this.remember(node);
  }

  add(node: N): void {
    if (this.known.has(node.hash) || this.isWaiting(node)) {
      this.events.duplicate(node);
      return;
    }
    const parent = this.known.get(node.parent);
    if (parent) {
      this.link(node, parent);
      return;
    }
    const list = this.waiting.get(node.parent);
    if (list) list.push(node);
    else this.waiting.set(node.parent, [node]);
    this.waitingCount++;
    if (this.waitingCount > this.capacity) this.flushOldestOrphan();
  }

  /** Blocks whose parent never appeared: each is the start of a chain segment. */
  finish(): N[] {
    const waitingHashes = new Set<string>();
    for (const [, list] of this.waiting) for (const n of list) waitingHashes.add(n.hash);
    const roots: N[] = [];
    for (const [parent, list] of this.waiting) if (!waitingHashes.has(parent)) roots.push(...list);
    for (const r of roots) {
      this.waitingCount--;
      const siblings = this.waiting.get(r.parent);
      if (siblings) {
        siblings.splice(siblings.indexOf(r), 1);
        if (siblings.length === 0) this.waiting.delete(r.parent);
      }
      this.linkRoot(r);
    }
    return roots;
  }

  private isWaiting(node: N): boolean {
    return this.waiting.get(node.parent)?.some((n) => n.hash === node.hash) ?? false;
  }

  private flushOldestOrphan(): void {
    const first = this.waiting.keys().next();
    if (first.done) return;
    const list = this.waiting.get(first.value)!;
    this.waiting.delete(first.value);
    this.waitingCount -= list.length;
    for (const n of list) this.linkRoot(n);
  }

  private linkRoot(node: N): void {
    this.events.linked(node, null);
    this.remember(node);
    this.release(node);
  }

  private link(node: N, parent: N): void {
    this.attach(node, parent);
    this.release(node);
  }

  private attach(node: N, parent: N): void {
    const prevChild = this.childOf.get(parent.hash);
    if (prevChild !== undefined && prevChild !== node.hash) this.events.reorg(node, prevChild);
    else this.childOf.set(parent.hash, node.hash);
    if (parent.height !== null) node.height = parent.height + 1;
    this.events.linked(node, parent);
    this.remember(node);
  }

  /** Links orphans waiting for `node`, iteratively: a long reversed chain must not exhaust the stack. */
  private release(node: N): void {
    const stack: N[] = [node];
    while (stack.length > 0) {
      const parent = stack.pop()!;
      const children = this.waiting.get(parent.hash);
      if (!children) continue;
      this.waiting.delete(parent.hash);
      this.waitingCount -= children.length;
      for (const child of children) {
        this.attach(child, parent);
        stack.push(child);
      }
    }
  }

  private remember(node: N): void {
    this.known.set(node.hash, node);
    if (this.known.size > this.capacity) {
      const oldest = this.known.keys().next().value as string;
      this.known.delete(oldest);
      this.childOf.delete(oldest);
    }
  }
}
