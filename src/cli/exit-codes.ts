/** The exit codes every command uses; README.md documents them. */
export const EXIT = {
  ok: 0,
  /** A finding at or above --fail-on failed (diff --fail-on-new: new failures; ledger verify: a block failed). */
  failing: 1,
  badInput: 2,
  internal: 3,
  /** The run could not look at everything (unreachable target, errored check, unreadable input). */
  incomplete: 4,
  interrupted: 130,
} as const;
