import type { GoalInput, StrategyInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { collaborationKeys } from '../../collaborations/hooks/use-collaborations';
import {
  createGoal,
  createStrategy,
  deleteGoal,
  deleteStrategy,
  listGoals,
  updateGoal,
  updateStrategy,
  type GoalWithStrategiesInput,
} from '../api/goals-api';

export const goalKeys = { list: (id: string) => ['goals', id] as const };

export function useGoals(collaborationId: string) {
  return useQuery({ queryKey: goalKeys.list(collaborationId), queryFn: () => listGoals(collaborationId), select: (d) => d.items });
}

/** Every goal/strategy change refreshes the goals list and the overview. */
function useGoalMutation<TArgs, TResult>(collaborationId: string, fn: (args: TArgs) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: goalKeys.list(collaborationId) }),
        qc.invalidateQueries({ queryKey: collaborationKeys.detail(collaborationId) }),
        qc.invalidateQueries({ queryKey: collaborationKeys.list }),
      ]),
  });
}

export function useGoalMutations(collaborationId: string) {
  return {
    createGoal: useGoalMutation(collaborationId, (body: GoalWithStrategiesInput) => createGoal(collaborationId, body)),
    updateGoal: useGoalMutation(collaborationId, ({ goalId, body }: { goalId: string; body: Partial<GoalInput> }) =>
      updateGoal(collaborationId, goalId, body),
    ),
    deleteGoal: useGoalMutation(collaborationId, (goalId: string) => deleteGoal(collaborationId, goalId)),
    createStrategy: useGoalMutation(collaborationId, ({ goalId, body }: { goalId: string; body: StrategyInput }) =>
      createStrategy(collaborationId, goalId, body),
    ),
    updateStrategy: useGoalMutation(collaborationId, ({ strategyId, body }: { strategyId: string; body: Partial<StrategyInput> }) =>
      updateStrategy(collaborationId, strategyId, body),
    ),
    deleteStrategy: useGoalMutation(collaborationId, (strategyId: string) => deleteStrategy(collaborationId, strategyId)),
  };
}
