import { GoalEntity, StrategyEntity } from '../../database/entities';
import { DEMO_COLLABORATION_ID } from '../demo/collaboration';
import { GOALS } from '../demo/goals';
import { demoId } from '../demo/ids';
import type { SeedStep } from './context';

/** Long-term goals and their strategies. */
export const goalsStep: SeedStep = {
  name: 'goals',
  async run({ m, clock }) {
    const goals = GOALS.map((goal, position) => {
      const createdAt = clock.at(goal.daysAgo, `goal:${goal.key}`);
      return {
        collaborationId: DEMO_COLLABORATION_ID,
        id: demoId('goal', goal.key),
        title: goal.title,
        description: goal.description,
        targetDate: goal.targetDate,
        position,
        createdAt,
        updatedAt: createdAt,
      };
    });
    await m.insert(GoalEntity, goals);

    const strategies = GOALS.flatMap((goal, g) =>
      goal.strategies.map((strategy, position) => ({
        collaborationId: DEMO_COLLABORATION_ID,
        id: demoId('strategy', strategy.key),
        goalId: demoId('goal', goal.key),
        name: strategy.name,
        description: strategy.description,
        position,
        createdAt: goals[g]!.createdAt,
        updatedAt: goals[g]!.createdAt,
      })),
    );
    await m.insert(StrategyEntity, strategies);

    return [
      { entity: 'goal', entityId: null, after: { goals: goals.length, strategies: strategies.length } },
    ];
  },
};
