import { Alert, Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconThumbDown, IconThumbUp, IconX } from '@tabler/icons-react';
import type { DecisionView } from '@constellation/shared';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { labelPeriod } from '../../../lib/periods';
import { useMe } from '../../auth/hooks/use-me';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { CommentBody } from '../../comments/components/comment-body';
import { CommentThread } from '../../comments/components/comment-thread';
import { TARGET_KIND_LABELS } from '../../indicators/labels';
import { useDecision, useDecisionMutations } from '../hooks/use-decisions';
import { DecisionStatusBadge, KIND_LABELS } from './decision-labels';

const CHANGE_LABEL = { added: 'Added', changed: 'Changed', removed: 'Removed', same: 'Unchanged' } as const;
const CHANGE_COLOR = { added: 'green', changed: 'orange', removed: 'red', same: 'gray' } as const;
const FIELD_LABELS: Record<string, string> = {
  code: 'Code',
  name: 'Name',
  definition: 'Definition',
  unit: 'Unit',
  direction: 'Direction',
  dataSource: 'Data source',
  problemStatement: 'Problem statement',
  vision: 'Vision',
  principles: 'Principles',
  geography: 'Geography',
};

function show(v: unknown): string {
  if (Array.isArray(v)) return v.join('; ');
  return v === undefined || v === null || v === '' ? '—' : String(v);
}

/** What the proposal changes, against what it was proposed on. */
function ProposedChange({ d, fy }: { d: DecisionView; fy: number }) {
  if (d.targetDiff) {
    return (
      <Table.ScrollContainer minWidth={440} type="native" tabIndex={0} aria-label="The proposed targets, scrolls sideways">
        <Table aria-label="Proposed targets against today's" data-testid="target-diff">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Target</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                Before
              </Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                Proposed
              </Table.Th>
              <Table.Th scope="col">Change</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.targetDiff.map((r) => (
              <Table.Tr key={`${r.kind}-${r.period}`}>
                <Table.Th scope="row" fw={500}>
                  {TARGET_KIND_LABELS[r.kind]} {labelPeriod(r.period, fy)}
                </Table.Th>
                <Table.Td style={{ textAlign: 'right' }}>{r.before ?? '—'}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{r.after ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={CHANGE_COLOR[r.change]} tt="none" radius="sm">
                    {CHANGE_LABEL[r.change]}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  const proposed: Record<string, unknown> = d.change.kind === 'definition' ? d.change.fields : { ...d.change };
  const keys = Object.keys(proposed).filter((k) => k !== 'kind' && proposed[k] !== undefined && JSON.stringify(proposed[k]) !== JSON.stringify(d.base[k]));
  return (
    <Stack gap="xs">
      {keys.map((k) => (
        <Paper key={k} withBorder p="sm" radius="sm">
          <Text size="xs" fw={700} tt="uppercase" c="dimmed">
            {FIELD_LABELS[k] ?? k}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <Text size="sm">
              <Text span c="dimmed" size="xs">
                Before:{' '}
              </Text>
              {show(d.base[k])}
            </Text>
            <Text size="sm">
              <Text span c="dimmed" size="xs">
                Proposed:{' '}
              </Text>
              {show(proposed[k])}
            </Text>
          </SimpleGrid>
        </Paper>
      ))}
    </Stack>
  );
}

/** One proposal: the change, the stances, the discussion and (for the backbone) the decision. */
export function DecisionPage() {
  const { collaborationId, collaboration, can } = useCollaborationContext();
  const me = useMe();
  const user = me.data?.user;
  const { decisionId = '' } = useParams();
  const decision = useDecision(collaborationId, decisionId);
  const m = useDecisionMutations(collaborationId);
  const [reason, setReason] = useState('');
  const [objecting, setObjecting] = useState(false);
  const [decisionRationale, setDecisionRationale] = useState('');
  const [decideError, setDecideError] = useState<string | null>(null);
  const fy = collaboration.agenda.fiscalYearStartMonth;

  if (decision.isPending) return <PageLoader />;
  if (decision.isError) return <ErrorState error={decision.error} onRetry={() => decision.refetch()} what="the decision" />;
  const d = decision.data;
  const open = d.status === 'open';
  const mine = d.stances.find((s) => s.userId === user?.id);
  const fail = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(err) });
  const support = () => m.stance.mutate({ id: d.id, body: { stance: 'support', reason: '' } }, { onError: fail });
  const object = () =>
    m.stance.mutate(
      { id: d.id, body: { stance: 'object', reason } },
      {
        onError: fail,
        onSuccess: () => {
          setObjecting(false);
          setReason('');
        },
      },
    );
  const record = (outcome: 'accepted' | 'rejected') => {
    setDecideError(null);
    m.decide.mutate(
      { id: d.id, body: { outcome, rationale: decisionRationale } },
      { onError: (err) => setDecideError(errorMessage(err)), onSuccess: () => setDecisionRationale('') },
    );
  };
  const target = d.indicator ? `/collaborations/${collaborationId}/indicators/${d.indicator.id}?view=definition` : `/collaborations/${collaborationId}/agenda`;

  return (
    <>
      <PageHeader
        title={`Decision #${d.number}: ${d.title}`}
        documentTitle={`Decision #${d.number}`}
        description={
          <Group gap="xs" component="span">
            <DecisionStatusBadge status={d.status} />
            <Text span size="sm">
              {KIND_LABELS[d.kind]}
              {d.indicator ? ` of ${d.indicator.code} · ${d.indicator.name}` : ''} · proposed by {d.proposedBy.name}
              {d.proposedBy.organisationName ? ` (${d.proposedBy.organisationName})` : ''} on {formatDateTime(d.createdAt)}
            </Text>
          </Group>
        }
        actions={
          <Button component={Link} to={`/collaborations/${collaborationId}/decisions`} variant="default">
            All decisions
          </Button>
        }
      />
      <Stack gap="lg">
        {d.stale && (
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="Out of date">
            {d.indicator ? `${d.indicator.code} changed` : 'The agenda changed'} since this proposal was opened, so it can no longer be accepted as it
            stands. It can be rejected, and a new proposal opened.
          </Alert>
        )}
        {d.status !== 'open' && (
          <Alert
            color={d.status === 'accepted' ? 'green' : 'gray'}
            icon={d.status === 'accepted' ? <IconCheck aria-hidden /> : <IconX aria-hidden />}
            title={`${d.status === 'accepted' ? 'Accepted' : 'Rejected'} by ${d.decidedBy?.name ?? ''} on ${formatDateTime(d.decidedAt)}`}
            data-testid="decision-outcome"
          >
            <CommentBody body={d.decisionRationale ?? ''} mentions={[]} />
            {d.status === 'accepted' && d.appliedVersion !== null && (
              <Text size="sm" mt={4}>
                Applied as{' '}
                <Anchor component={Link} to={target}>
                  {d.indicator ? `version ${d.appliedVersion} of ${d.indicator.code}` : `version ${d.appliedVersion} of the agenda`}
                </Anchor>
                .
              </Text>
            )}
          </Alert>
        )}
        <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="rationale-heading">
          <Title order={2} size="h3" id="rationale-heading" mb="xs">
            Why
          </Title>
          <CommentBody body={d.rationale} mentions={[]} />
        </Paper>
        <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="change-heading">
          <Title order={2} size="h3" id="change-heading" mb="xs">
            The proposed change
          </Title>
          <ProposedChange d={d} fy={fy} />
        </Paper>
        <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="stances-heading">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h3" id="stances-heading">
              Where partners stand
            </Title>
            <Group gap="xs" aria-label="Stance counts">
              <Badge variant="light" color="green" tt="none" leftSection={<IconThumbUp size={12} aria-hidden />}>
                {d.support} support
              </Badge>
              <Badge variant="light" color="red" tt="none" leftSection={<IconThumbDown size={12} aria-hidden />}>
                {d.object} object
              </Badge>
            </Group>
          </Group>
          {d.stances.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nobody has taken a stance yet.
            </Text>
          ) : (
            <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="stances">
              {d.stances.map((s) => (
                <Text component="li" size="sm" key={s.userId}>
                  <strong>{s.name}</strong>
                  {s.organisationName ? ` (${s.organisationName})` : ''} {s.stance === 'support' ? 'supports' : 'objects'}
                  {s.reason ? `: ${s.reason}` : ''}
                </Text>
              ))}
            </Stack>
          )}
          {open && can('decisions.discuss') && (
            <Stack gap="xs" mt="md">
              <Group gap="xs">
                <Button
                  variant={mine?.stance === 'support' ? 'filled' : 'light'}
                  color="green"
                  leftSection={<IconThumbUp size={16} aria-hidden />}
                  onClick={support}
                  loading={m.stance.isPending && !objecting}
                >
                  {mine?.stance === 'support' ? 'You support this' : 'Support'}
                </Button>
                <Button
                  variant={mine?.stance === 'object' ? 'filled' : 'light'}
                  color="red"
                  leftSection={<IconThumbDown size={16} aria-hidden />}
                  onClick={() => setObjecting((o) => !o)}
                >
                  {mine?.stance === 'object' ? 'You object' : 'Object…'}
                </Button>
                {mine && (
                  <Button variant="subtle" onClick={() => m.withdraw.mutate(d.id, { onError: fail })}>
                    Withdraw my stance
                  </Button>
                )}
              </Group>
              {objecting && (
                <Group align="flex-end">
                  <Textarea
                    label="Why do you object?"
                    required
                    autosize
                    minRows={2}
                    style={{ flex: 1 }}
                    value={reason}
                    onChange={(e) => setReason(e.currentTarget.value)}
                  />
                  <Button color="red" onClick={object} disabled={reason.trim() === ''} loading={m.stance.isPending}>
                    Object
                  </Button>
                </Group>
              )}
            </Stack>
          )}
        </Paper>
        {open && can('decisions.decide') && (
          <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="decide-heading">
            <Title order={2} size="h3" id="decide-heading" mb="xs">
              Record the decision
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Accepting applies the change now{d.indicator ? ` to ${d.indicator.code} (progress is recomputed)` : ' to the agenda'}, linked to this decision.
            </Text>
            <Textarea
              label="Rationale for the decision"
              required
              autosize
              minRows={2}
              value={decisionRationale}
              onChange={(e) => setDecisionRationale(e.currentTarget.value)}
            />
            {decideError && (
              <Alert color="red" mt="sm" role="alert" title="Not decided">
                {decideError}
              </Alert>
            )}
            <Group mt="sm">
              <Button color="green" leftSection={<IconCheck size={16} aria-hidden />} disabled={decisionRationale.trim() === '' || d.stale} onClick={() => record('accepted')} loading={m.decide.isPending}>
                Accept and apply
              </Button>
              <Button variant="default" leftSection={<IconX size={16} aria-hidden />} disabled={decisionRationale.trim() === ''} onClick={() => record('rejected')}>
                Reject
              </Button>
            </Group>
          </Paper>
        )}
        <Paper withBorder p="md" radius="md">
          <CommentThread collaborationId={collaborationId} on="decision" id={d.id} canMention={can('members.read')} readOnly={!can('decisions.discuss')} />
        </Paper>
      </Stack>
    </>
  );
}
