import type { GoalView, StrategyView } from '@constellation/shared';
import type { GoalRow, StrategyRow } from './goals.repository';

export const toStrategyView = (s: StrategyRow): StrategyView => ({
  id: s.id,
  goalId: s.goalId,
  name: s.name,
  description: s.description,
  position: s.position,
});

/** Goals with their strategies; both lists come ordered by position. */
export function toGoalViews(goals: GoalRow[], strategies: StrategyRow[]): GoalView[] {
  const byGoal = new Map<string, StrategyView[]>();
  for (const s of strategies) {
    const list = byGoal.get(s.goalId) ?? [];
    list.push(toStrategyView(s));
    byGoal.set(s.goalId, list);
  }
  return goals.map((g) => ({
    id: g.id,
    title: g.title,
    description: g.description,
    targetDate: g.targetDate,
    position: g.position,
    strategies: byGoal.get(g.id) ?? [],
  }));
}
