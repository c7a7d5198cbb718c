import { ActionIcon, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTarget, IconTrash } from '@tabler/icons-react';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { newGoalDraft, newStrategyDraft, type GoalDraftsForm } from '../hooks/use-goal-drafts-form';

/** Goals with target dates and, under each, its strategies (the wizard's third step). */
export function GoalDraftsFields({ form }: { form: GoalDraftsForm }) {
  const goals = form.getValues().goals;
  const addGoal = () => form.insertListItem('goals', newGoalDraft());

  if (goals.length === 0) {
    return (
      <EmptyStatePanel
        icon={<IconTarget size={28} aria-hidden />}
        title="No goals yet"
        headingOrder={3}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={addGoal}>
            Add a goal
          </Button>
        }
      >
        A goal is a long-term result for the whole population, with a date, for example “Every child in the borough ready for
        school by 2030”. Strategies are the main ways the partners will get there. You can also add goals later.
      </EmptyStatePanel>
    );
  }

  return (
    <Stack gap="md">
      {goals.map((goal, gi) => (
        <Card key={goal.key} component="fieldset" aria-label={`Goal ${gi + 1}`} style={{ margin: 0 }}>
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h4">
                Goal {gi + 1}
              </Title>
              <Button
                variant="subtle"
                color="red"
                size="xs"
                leftSection={<IconTrash size={14} aria-hidden />}
                onClick={() => form.removeListItem('goals', gi)}
              >
                Remove goal {gi + 1}
              </Button>
            </Group>
            <TextInput
              label="Goal"
              description="The long-term result, in plain words."
              required
              {...form.getInputProps(`goals.${gi}.title`)}
            />
            <TextInput
              label="Target date"
              type="date"
              required
              w={{ base: '100%', xs: 220 }}
              {...form.getInputProps(`goals.${gi}.targetDate`)}
            />
            <Textarea label="Description" autosize minRows={2} {...form.getInputProps(`goals.${gi}.description`)} />

            <Stack gap="xs" mt="xs">
              <Text fw={600} size="sm">
                Strategies for goal {gi + 1}
              </Text>
              {goal.strategies.length === 0 && (
                <Text size="sm" c="dimmed">
                  Strategies are the pillars or outcome areas under this goal, for example “Support parents in the early years”.
                </Text>
              )}
              {goal.strategies.map((s, si) => (
                <Group key={s.key} align="flex-start" gap="xs" wrap="nowrap">
                  <Stack gap={6} style={{ flex: 1 }}>
                    <TextInput
                      label={`Strategy ${si + 1}`}
                      required
                      {...form.getInputProps(`goals.${gi}.strategies.${si}.name`)}
                    />
                    <TextInput
                      label={`Strategy ${si + 1} description`}
                      {...form.getInputProps(`goals.${gi}.strategies.${si}.description`)}
                    />
                  </Stack>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="lg"
                    mt={26}
                    aria-label={`Remove strategy ${si + 1} of goal ${gi + 1}`}
                    onClick={() => form.removeListItem(`goals.${gi}.strategies`, si)}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconPlus size={14} aria-hidden />}
                  onClick={() => form.insertListItem(`goals.${gi}.strategies`, newStrategyDraft())}
                >
                  Add a strategy
                </Button>
              </Group>
            </Stack>
          </Stack>
        </Card>
      ))}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={addGoal} disabled={goals.length >= 30}>
          Add another goal
        </Button>
      </Group>
    </Stack>
  );
}
