import { createCollaborationSchema } from '@constellation/shared';
import { useForm } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { zodValidator } from '../../../lib/zod-form';

export interface StrategyDraft {
  key: string;
  name: string;
  description: string;
}

export interface GoalDraft {
  key: string;
  title: string;
  description: string;
  targetDate: string;
  strategies: StrategyDraft[];
}

export interface GoalDraftsValues {
  goals: GoalDraft[];
}

export const newStrategyDraft = (): StrategyDraft => ({ key: randomId(), name: '', description: '' });
export const newGoalDraft = (): GoalDraft => ({ key: randomId(), title: '', description: '', targetDate: '', strategies: [] });

/** Form rows → the request's goals (without the React keys). */
export function draftsToGoals(values: GoalDraftsValues) {
  return values.goals.map((g) => ({
    title: g.title,
    description: g.description,
    targetDate: g.targetDate,
    strategies: g.strategies.map((s) => ({ name: s.name, description: s.description })),
  }));
}

const goalsSchema = createCollaborationSchema.pick({ goals: true });

/** Goals with their strategies, validated by the create-collaboration schema's goals. */
export function useGoalDraftsForm() {
  return useForm<GoalDraftsValues>({
    mode: 'controlled',
    initialValues: { goals: [] },
    validate: zodValidator(goalsSchema, (v: GoalDraftsValues) => ({ goals: draftsToGoals(v) })),
    validateInputOnBlur: true,
  });
}

export type GoalDraftsForm = ReturnType<typeof useGoalDraftsForm>;
