import type { GoalInput, StrategyInput } from '@constellation/shared';
import { api } from '../../../lib/api-client';
import type { Goal, Strategy } from '../../collaborations/api/collaborations-api';

const base = (id: string) => `/collaborations/${encodeURIComponent(id)}`;

export interface GoalWithStrategiesInput extends GoalInput {
  strategies?: StrategyInput[];
}

export const listGoals = (collaborationId: string) => api.get<{ items: Goal[] }>(`${base(collaborationId)}/goals`);
export const createGoal = (collaborationId: string, body: GoalWithStrategiesInput) =>
  api.post<Goal>(`${base(collaborationId)}/goals`, body);
export const updateGoal = (collaborationId: string, goalId: string, body: Partial<GoalInput>) =>
  api.patch<Goal>(`${base(collaborationId)}/goals/${encodeURIComponent(goalId)}`, body);
export const deleteGoal = (collaborationId: string, goalId: string) =>
  api.delete(`${base(collaborationId)}/goals/${encodeURIComponent(goalId)}`);
export const createStrategy = (collaborationId: string, goalId: string, body: StrategyInput) =>
  api.post<Strategy>(`${base(collaborationId)}/goals/${encodeURIComponent(goalId)}/strategies`, body);
export const updateStrategy = (collaborationId: string, strategyId: string, body: Partial<StrategyInput>) =>
  api.patch<Strategy>(`${base(collaborationId)}/strategies/${encodeURIComponent(strategyId)}`, body);
export const deleteStrategy = (collaborationId: string, strategyId: string) =>
  api.delete(`${base(collaborationId)}/strategies/${encodeURIComponent(strategyId)}`);
