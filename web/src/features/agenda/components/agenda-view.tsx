import { List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { monthName } from '../../../lib/format';
import { formLabel } from '../../../lib/labels';
import type { AgendaVersion } from '../../collaborations/api/collaborations-api';

/** What the view needs of an agenda version (the invitation preview types `form` loosely). */
type AgendaContent = Omit<AgendaVersion, 'form'> & { form: string };

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Title order={3} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Stack>
  );
}

/** A common agenda version, read-only. */
export function AgendaView({ agenda, compact = false }: { agenda: AgendaContent; compact?: boolean }) {
  return (
    <Stack gap="lg">
      <Block title="The problem">
        <Text size="sm" className="preserve-lines">
          {agenda.problemStatement}
        </Text>
      </Block>
      <Block title="Vision">
        <Text size="sm" className="preserve-lines">
          {agenda.vision}
        </Text>
      </Block>
      <Block title="Principles">
        {agenda.principles.length === 0 ? (
          <Text size="sm" c="dimmed">
            No principles written yet.
          </Text>
        ) : (
          <List size="sm" spacing={4} type="ordered">
            {agenda.principles.map((p, i) => (
              <List.Item key={i}>{p}</List.Item>
            ))}
          </List>
        )}
      </Block>
      {!compact && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
          <Fact label="Geography" value={agenda.geography || 'Not given'} />
          <Fact label="Form of collaboration" value={formLabel(agenda.form)} />
          <Fact label="Fiscal year starts" value={monthName(agenda.fiscalYearStartMonth)} />
          <Fact label="Time zone" value={agenda.timeZone} />
          <Fact label="Numbers need approval" value={agenda.requiresApproval ? 'Yes, by the backbone' : 'No'} />
        </SimpleGrid>
      )}
      {compact && agenda.geography && <Fact label="Geography" value={agenda.geography} />}
    </Stack>
  );
}
