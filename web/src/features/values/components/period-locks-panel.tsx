import { Alert, Button, Group, Paper, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconLockOpen } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { labelPeriod } from '../../../lib/periods';
import { usePeriodLockMutations, usePeriodLocks } from '../hooks/use-values';

/** The backbone closes a period once its numbers are final; later edits need it reopened. */
export function PeriodLocksPanel({ collaborationId, fiscalYearStartMonth }: { collaborationId: string; fiscalYearStartMonth: number }) {
  const locks = usePeriodLocks(collaborationId);
  const { close, reopen } = usePeriodLockMutations(collaborationId);
  const [period, setPeriod] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fiscal = fiscalYearStartMonth !== 1;
  const preview = period.trim() ? labelPeriod(period.trim().toUpperCase(), fiscalYearStartMonth) : '';

  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb={4}>
        Closed periods
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Close a period when its numbers are final: nobody can change values in it (or in any period inside it) until it is reopened.
      </Text>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          close.mutate(period.trim().toUpperCase(), {
            onSuccess: (lock) => {
              setPeriod('');
              notifications.show({ color: 'green', message: `${lock.label} is closed.` });
            },
            onError: (err) => setError(errorMessage(err)),
          });
        }}
      >
        <Group align="flex-end" gap="sm" mb="sm">
          <TextInput
            label="Period to close"
            placeholder={fiscal ? 'FY2025-Q4' : '2026-Q1'}
            description={preview && preview !== period.trim().toUpperCase() ? preview : 'A month, quarter or year key'}
            value={period}
            onChange={(e) => setPeriod(e.currentTarget.value)}
            error={error}
            w={{ base: '100%', xs: 240 }}
          />
          <Button type="submit" variant="default" leftSection={<IconLock size={16} aria-hidden />} loading={close.isPending} disabled={!period.trim()}>
            Close period
          </Button>
        </Group>
      </form>
      {locks.isError && <Alert color="red">{errorMessage(locks.error)}</Alert>}
      {locks.data && locks.data.length === 0 && (
        <Text size="sm" c="dimmed">
          No period is closed: partners can still revise any value.
        </Text>
      )}
      {locks.data && locks.data.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-label="Closed periods" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Period</Table.Th>
                <Table.Th scope="col">Closed</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {locks.data.map((l) => (
                <Table.Tr key={l.period}>
                  <Table.Td>
                    <Group gap={6}>
                      <IconLock size={14} aria-hidden />
                      <Text size="sm">{l.label || labelPeriod(l.period, fiscalYearStartMonth)}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {formatDateTime(l.lockedAt)}
                      {l.lockedBy ? ` by ${l.lockedBy.name}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack align="flex-end">
                      <Button
                        size="xs"
                        variant="subtle"
                        leftSection={<IconLockOpen size={14} aria-hidden />}
                        loading={reopen.isPending && reopen.variables === l.period}
                        onClick={() =>
                          reopen.mutate(l.period, {
                            onSuccess: () => notifications.show({ message: `${l.label} is open again.` }),
                            onError: (err) => notifications.show({ color: 'red', title: 'Still closed', message: errorMessage(err) }),
                          })
                        }
                      >
                        Reopen {l.label}
                      </Button>
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
