/**
 * Move `id` to index `position` in an ordered list of ids (clamped to the list), keeping the others
 * in their order. Positions are 0-based and contiguous: the result's index is each item's position.
 */
export function moveTo(orderedIds: readonly string[], id: string, position: number): string[] {
  const rest = orderedIds.filter((x) => x !== id);
  const at = Math.max(0, Math.min(position, rest.length));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}
