import { Alert, Button, Group, List, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage, isApiError } from '../../../lib/api-client';
import type { Goal } from '../../collaborations/api/collaborations-api';
import { useExampleSets, useIndicatorMutations } from '../hooks/use-indicators';

interface Props {
  opened: boolean;
  onClose: () => void;
  collaborationId: string;
  goals: Goal[];
}

/** "Start from an example set": pick a set and the goal its indicators join; all-or-nothing import. */
export function ExampleSetModal({ opened, onClose, collaborationId, goals }: Props) {
  const examples = useExampleSets(opened);
  const { importExample } = useIndicatorMutations(collaborationId);
  const [exampleId, setExampleId] = useState<string | null>(null);
  const [goalId, setGoalId] = useState<string | null>(goals[0]?.id ?? null);
  const [error, setError] = useState<unknown>(null);
  const chosen = exampleId ?? examples.data?.[0]?.id ?? null;

  const submit = () => {
    if (!chosen || !goalId) return;
    setError(null);
    importExample.mutate(
      { exampleId: chosen, goalId },
      {
        onSuccess: (r) => {
          notifications.show({
            color: 'green',
            title: 'Example set imported',
            message: `${r.imported} indicators added; ${r.dimensionsCreated} breakdowns created, ${r.dimensionsMatched} reused.`,
          });
          onClose();
        },
        onError: setError,
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Start from an example set" size="lg">
      {examples.isPending ? (
        <PageLoader />
      ) : (
        <Stack>
          <Text size="sm">
            An example set is a ready-made catalogue of indicators with definitions, baselines and targets. Import it, then adapt each
            indicator to your collaboration.
          </Text>
          {examples.isError && <Alert color="red">{errorMessage(examples.error)}</Alert>}
          <Radio.Group label="Example set" value={chosen} onChange={setExampleId}>
            <Stack gap="xs" mt="xs">
              {(examples.data ?? []).map((e) => (
                <Radio key={e.id} value={e.id} label={`${e.name} (${e.indicatorCount} indicators)`} description={e.description} />
              ))}
            </Stack>
          </Radio.Group>
          <Select
            label="Goal the indicators join"
            description="Strategies are matched by name within this goal."
            data={goals.map((g) => ({ value: g.id, label: g.title }))}
            value={goalId}
            onChange={setGoalId}
            allowDeselect={false}
          />
          {error != null && (
            <Alert color="red" role="alert">
              <Text size="sm">{errorMessage(error)}</Text>
              {isApiError(error) && error.details.length > 0 && (
                <List size="sm" mt="xs">
                  {error.details.slice(0, 20).map((d, i) => (
                    <List.Item key={i}>
                      {d.path ? `${d.path}: ` : ''}
                      {d.message}
                    </List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={submit} loading={importExample.isPending} disabled={!chosen || !goalId}>
              Import the set
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
