/**
 * The engine's `*.usage.history` statistics list one point per 30 s, newest first
 * (`VmStatisticalQuery` reverses its stored series). The sparklines draw oldest left, newest
 * right, and caption the newest: this turns the engine's order around.
 */
export function historyOldestFirst(
  stats: readonly { name: string; values: readonly number[] }[] | undefined,
  name: string,
): number[] {
  return [...(stats?.find((s) => s.name === name)?.values ?? [])].reverse();
}
