import { UsageError } from './errors';

/*
 * --shard k/n: the k-th of n disjoint parts of the items (1 ≤ k ≤ n), every n-th item starting at
 * the k-th, so that the parts together are the whole list and each gets a fair mix of it. 1-based,
 * like Playwright's and Jest's --shard; a Kubernetes Indexed Job passes JOB_COMPLETION_INDEX + 1,
 * a Slurm array 1-N its SLURM_ARRAY_TASK_ID.
 */

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(raw: string | undefined): Shard | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) throw new UsageError(`--shard must be k/n (e.g. 1/4), got "${raw}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new UsageError(`--shard k/n needs 1 ≤ k ≤ n, got "${raw}"`);
  return { index, count };
}

/** The shard's items, in their order; all of them without a shard. */
export function shardItems<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...items];
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}
