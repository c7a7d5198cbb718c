import type { GoalInput, StrategyInput } from '@constellation/shared';
import { ActionIcon, Badge, Button, Card, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPencil, IconPlus, IconTarget, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../../components/confirm-modal';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import type { Goal, Strategy } from '../../collaborations/api/collaborations-api';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useGoalMutations, useGoals } from '../hooks/use-goals';
import { GoalFormModal } from './goal-form-modal';
import { StrategyFormModal } from './strategy-form-modal';

type Dialog =
  | { kind: 'goal'; goal: Goal | null }
  | { kind: 'strategy'; goal: Goal; strategy: Strategy | null }
  | { kind: 'delete-goal'; goal: Goal }
  | { kind: 'delete-strategy'; goal: Goal; strategy: Strategy }
  | null;

export function GoalsPage() {
  const { collaborationId, can, collaboration } = useCollaborationContext();
  const goals = useGoals(collaborationId);
  const m = useGoalMutations(collaborationId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const manage = can('goals.manage') && collaboration.status !== 'archived';
  const close = () => setDialog(null);
  const done = (message: string) => {
    notifications.show({ color: 'green', message });
    close();
  };
  const fail = (e: unknown) => notifications.show({ color: 'red', title: 'That did not work', message: errorMessage(e) });

  const saveGoal = (values: GoalInput, onError: (e: unknown) => void) => {
    if (dialog?.kind !== 'goal') return;
    if (dialog.goal) m.updateGoal.mutate({ goalId: dialog.goal.id, body: values }, { onSuccess: () => done('Goal saved.'), onError });
    else m.createGoal.mutate({ ...values, strategies: [] }, { onSuccess: () => done('Goal added.'), onError });
  };
  const saveStrategy = (values: StrategyInput, onError: (e: unknown) => void) => {
    if (dialog?.kind !== 'strategy') return;
    if (dialog.strategy)
      m.updateStrategy.mutate({ strategyId: dialog.strategy.id, body: values }, { onSuccess: () => done('Strategy saved.'), onError });
    else m.createStrategy.mutate({ goalId: dialog.goal.id, body: values }, { onSuccess: () => done('Strategy added.'), onError });
  };

  const addButton = manage ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog({ kind: 'goal', goal: null })}>
      Add a goal
    </Button>
  ) : undefined;

  let content;
  if (goals.isPending) content = <PageLoader />;
  else if (goals.isError) content = <ErrorState error={goals.error} onRetry={() => goals.refetch()} what="the goals" />;
  else if (goals.data.length === 0)
    content = (
      <EmptyStatePanel icon={<IconTarget size={28} aria-hidden />} title="No goals yet" actions={addButton}>
        A goal is a long-term result for the whole population, with a date, for example “Every child in the borough ready for
        school by 2030”. Under each goal, strategies say how the partners will get there.
        {manage ? '' : ' The backbone team will add them.'}
      </EmptyStatePanel>
    );
  else
    content = (
      <Stack gap="md">
        {goals.data.map((g) => (
          <Card key={g.id} component="article" aria-labelledby={`goal-${g.id}`}>
            <Stack gap="sm">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={4} style={{ minWidth: 0 }}>
                  <Title order={2} size="h3" id={`goal-${g.id}`}>
                    {g.title}
                  </Title>
                  <Group gap="xs">
                    <Badge variant="light" color="sky" tt="none" radius="sm">
                      Target date: {formatDate(g.targetDate)}
                    </Badge>
                  </Group>
                </Stack>
                {manage && (
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconPencil size={14} aria-hidden />}
                      onClick={() => setDialog({ kind: 'goal', goal: g })}
                      aria-label={`Edit goal ${g.title}`}
                    >
                      Edit
                    </Button>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      aria-label={`Delete goal ${g.title}`}
                      onClick={() => setDialog({ kind: 'delete-goal', goal: g })}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Group>
                )}
              </Group>
              {g.description && (
                <Text size="sm" c="dimmed" className="preserve-lines">
                  {g.description}
                </Text>
              )}
              <Stack gap="xs">
                <Text size="sm" fw={600}>
                  Strategies
                </Text>
                {g.strategies.length === 0 && (
                  <Text size="sm" c="dimmed">
                    No strategies yet.{manage ? ' Add the main ways the partners will reach this goal.' : ''}
                  </Text>
                )}
                {g.strategies.map((s) => (
                  <Group
                    key={s.id}
                    justify="space-between"
                    wrap="nowrap"
                    p="xs"
                    style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)' }}
                  >
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Text size="sm" fw={500}>
                        {s.name}
                      </Text>
                      {s.description && (
                        <Text size="xs" c="dimmed">
                          {s.description}
                        </Text>
                      )}
                    </Stack>
                    {manage && (
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for strategy ${s.name}`}>
                            <IconDots size={16} aria-hidden />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item
                            leftSection={<IconPencil size={14} aria-hidden />}
                            onClick={() => setDialog({ kind: 'strategy', goal: g, strategy: s })}
                          >
                            Edit
                          </Menu.Item>
                          <Menu.Item
                            color="red"
                            leftSection={<IconTrash size={14} aria-hidden />}
                            onClick={() => setDialog({ kind: 'delete-strategy', goal: g, strategy: s })}
                          >
                            Delete
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Group>
                ))}
                {manage && (
                  <Group>
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconPlus size={14} aria-hidden />}
                      onClick={() => setDialog({ kind: 'strategy', goal: g, strategy: null })}
                    >
                      Add a strategy
                    </Button>
                  </Group>
                )}
              </Stack>
            </Stack>
          </Card>
        ))}
      </Stack>
    );

  return (
    <>
      <PageHeader
        title="Goals"
        description="Long-term, population-level results with target dates, and the strategies under each."
        actions={goals.data && goals.data.length > 0 ? addButton : undefined}
      />
      {content}

      <GoalFormModal
        opened={dialog?.kind === 'goal'}
        goal={dialog?.kind === 'goal' ? dialog.goal : null}
        saving={m.createGoal.isPending || m.updateGoal.isPending}
        onClose={close}
        onSave={saveGoal}
      />
      <StrategyFormModal
        opened={dialog?.kind === 'strategy'}
        goalTitle={dialog?.kind === 'strategy' ? dialog.goal.title : ''}
        strategy={dialog?.kind === 'strategy' ? dialog.strategy : null}
        saving={m.createStrategy.isPending || m.updateStrategy.isPending}
        onClose={close}
        onSave={saveStrategy}
      />
      <ConfirmModal
        opened={dialog?.kind === 'delete-goal'}
        title="Delete this goal?"
        confirmLabel="Delete goal"
        danger
        loading={m.deleteGoal.isPending}
        onClose={close}
        onConfirm={() =>
          dialog?.kind === 'delete-goal' &&
          m.deleteGoal.mutate(dialog.goal.id, { onSuccess: () => done('Goal deleted.'), onError: fail })
        }
      >
        “{dialog?.kind === 'delete-goal' ? dialog.goal.title : ''}” and its strategies will be deleted. The audit log keeps a record.
      </ConfirmModal>
      <ConfirmModal
        opened={dialog?.kind === 'delete-strategy'}
        title="Delete this strategy?"
        confirmLabel="Delete strategy"
        danger
        loading={m.deleteStrategy.isPending}
        onClose={close}
        onConfirm={() =>
          dialog?.kind === 'delete-strategy' &&
          m.deleteStrategy.mutate(dialog.strategy.id, { onSuccess: () => done('Strategy deleted.'), onError: fail })
        }
      >
        “{dialog?.kind === 'delete-strategy' ? dialog.strategy.name : ''}” will be removed from “
        {dialog?.kind === 'delete-strategy' ? dialog.goal.title : ''}”.
      </ConfirmModal>
    </>
  );
}
