import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, Modal, Paper, Stack, Table, Text, Textarea, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconChevronDown, IconCircleCheck, IconClipboardCheck, IconHistory, IconMessageCircle } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { NotFoundPanel } from '../../../components/not-found-page';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime, plural } from '../../../lib/format';
import { formatWithUnit } from '../../../lib/periods';
import { useActivities } from '../../activities/hooks/use-activities';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useIndicators } from '../../indicators/hooks/use-indicators';
import type { ReviewQueueGroup, Value } from '../api/values-api';
import type { Indicator } from '../../indicators/api/indicators-api';
import { cellLabel } from '../grid-model';
import { describePrevious } from '../previous-value';
import { PartlyDone } from '../workflow-chunks';
import { PeriodLocksPanel } from './period-locks-panel';
import { usePreviousValues, useReviewQueue, useValueHistory, useValueMutations, useValues } from '../hooks/use-values';

const ACTION_LABELS: Record<string, string> = {
  create: 'Entered',
  update: 'Revised',
  submit: 'Submitted',
  approve: 'Approved',
  return: 'Returned',
  delete: 'Deleted',
};

function HistoryModal({ collaborationId, valueId, onClose }: { collaborationId: string; valueId: string | null; onClose: () => void }) {
  const history = useValueHistory(collaborationId, valueId);
  const show = (x: Record<string, unknown> | null) =>
    x ? [x.value ?? (x.numerator != null ? `${String(x.numerator)}/${String(x.denominator)}` : null), x.status].filter(Boolean).join(' · ') : '—';
  return (
    <Modal opened={valueId !== null} onClose={onClose} title="History of this value" size="lg">
      {history.isPending ? (
        <PageLoader />
      ) : history.isError ? (
        <ErrorState error={history.error} what="the history" />
      ) : (
        <Table aria-label="Value history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">Who</Table.Th>
              <Table.Th scope="col">What</Table.Th>
              <Table.Th scope="col">Before → after</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.data.map((h) => (
              <Table.Tr key={h.version + h.action + h.at}>
                <Table.Td>{formatDateTime(h.at)}</Table.Td>
                <Table.Td>
                  {h.actor?.name ?? 'Someone'}
                  {h.via === 'api' ? ' (api)' : ''}
                </Table.Td>
                <Table.Td>
                  {ACTION_LABELS[h.action] ?? h.action}
                  {h.reason ? `: ${h.reason}` : ''}
                </Table.Td>
                <Table.Td>
                  {show(h.before)} → {show(h.after)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Modal>
  );
}

/** How many partner × period groups show their values at once; the others open on request. */
const OPEN_GROUPS = 10;


/**
 * One partner × period of the queue. Its values load when it is open (the first OPEN_GROUPS are), so
 * a long queue never loads every submitted value at once; selecting the whole group needs only its ids.
 */
function ReviewGroupCard({
  collaborationId,
  group: g,
  initiallyOpen,
  selected,
  toggle,
  indicatorById,
  activityNames,
  onHistory,
}: {
  collaborationId: string;
  group: ReviewQueueGroup;
  initiallyOpen: boolean;
  selected: Set<string>;
  toggle: (ids: string[], on: boolean) => void;
  indicatorById: Map<string, Indicator>;
  activityNames: Map<string, string>;
  onHistory: (id: string) => void;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  const values = useValues(collaborationId, { partnerId: g.partner.id, period: g.period, status: 'submitted' }, open);
  const previous = usePreviousValues(collaborationId, g.partner.id, g.period, open);
  const valueById = useMemo(() => new Map((values.data ?? []).map((v) => [v.id, v])), [values.data]);
  const all = g.valueIds.every((id) => selected.has(id));
  const some = g.valueIds.some((id) => selected.has(id));
  return (
    <Paper withBorder radius="md" p="md" data-testid={`review-group-${g.partner.organisationName}`}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {g.partner.organisationName} · {g.periodLabel}
        </Title>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {plural(g.count, 'value')}
          </Text>
          {g.flagged > 0 && (
            <Badge color="orange" variant="light" tt="none" radius="sm">
              {g.flagged} unusual
            </Badge>
          )}
        </Group>
      </Group>
      {!open ? (
        <Group gap="md">
          <Checkbox
            aria-label={`Select every value from ${g.partner.organisationName} for ${g.periodLabel}`}
            label={`Select all ${plural(g.count, 'value')}`}
            checked={all}
            indeterminate={some && !all}
            onChange={(e) => toggle(g.valueIds, e.currentTarget.checked)}
          />
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconChevronDown size={16} aria-hidden />}
            aria-label={`Show the values from ${g.partner.organisationName} for ${g.periodLabel}`}
            onClick={() => setOpen(true)}
          >
            Show them
          </Button>
        </Group>
      ) : values.isError ? (
        <ErrorState error={values.error} onRetry={() => values.refetch()} what="these values" />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table layout="fixed" verticalSpacing="xs" aria-label={`Submitted by ${g.partner.organisationName} for ${g.periodLabel}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={40}>
                  <Checkbox
                    aria-label={`Select every value from ${g.partner.organisationName} for ${g.periodLabel}`}
                    checked={all}
                    indeterminate={some && !all}
                    onChange={(e) => toggle(g.valueIds, e.currentTarget.checked)}
                  />
                </Table.Th>
                <Table.Th scope="col" w="25%">
                  Indicator
                </Table.Th>
                <Table.Th scope="col" w="11%">
                  Breakdown
                </Table.Th>
                <Table.Th scope="col" w="24%" style={{ textAlign: 'right' }}>
                  Value
                </Table.Th>
                <Table.Th scope="col">Comment</Table.Th>
                <Table.Th scope="col" w="16%">
                  History and conversation
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {values.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Loader size="sm" aria-label="Loading the values" />
                  </Table.Td>
                </Table.Tr>
              )}
              {g.valueIds.map((id) => {
                const v = valueById.get(id);
                const ind = v ? indicatorById.get(v.indicatorId) : undefined;
                if (!v || !ind) return null;
                const what = `${ind.code} ${cellLabel(v.cell)}${v.activityId ? ` for ${activityNames.get(v.activityId) ?? 'an activity'}` : ''}`;
                const shown =
                  v.numerator !== null && v.denominator !== null
                    ? `${v.numerator}/${v.denominator}`
                    : formatWithUnit(v.value, ind.unit, ind.valueType);
                return (
                  <Table.Tr key={id}>
                    <Table.Td>
                      <Checkbox aria-label={`Select ${what}`} checked={selected.has(id)} onChange={(e) => toggle([id], e.currentTarget.checked)} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {ind.code}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {ind.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {cellLabel(v.cell)}
                      {v.activityId && (
                        <Text size="xs" c="dimmed">
                          Activity: {activityNames.get(v.activityId) ?? 'one of the partner’s activities'}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      {shown}
                      {previous.data?.[id] && (
                        <Text size="xs" c="dimmed" data-testid="previous-value">
                          {describePrevious(v, previous.data[id], ind.unit, ind.valueType)}
                        </Text>
                      )}
                      {v.flagged && (
                        <Stack gap={2} align="flex-end" mt={2}>
                          <Badge size="xs" variant="light" color="orange" tt="none" radius="sm">
                            Unusual
                          </Badge>
                          <Text size="xs" c="dimmed">
                            {v.flagReason}
                          </Text>
                        </Stack>
                      )}
                    </Table.Td>
                    <Table.Td>{v.comment}</Table.Td>
                    <Table.Td>
                      <UnstyledButton onClick={() => onHistory(id)} aria-label={`History of ${what}`}>
                        <Group gap={4}>
                          <IconHistory size={16} aria-hidden />
                          <Text size="sm">History</Text>
                        </Group>
                      </UnstyledButton>
                      <Anchor component={Link} to={`/collaborations/${collaborationId}/values/${id}`} size="sm" display="block" aria-label={`Conversation about ${what}`}>
                        <Group gap={4} component="span">
                          <IconMessageCircle size={16} aria-hidden />
                          Conversation
                        </Group>
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

export function ReviewPage() {
  const { collaborationId, collaboration, can } = useCollaborationContext();
  const allowed = can('values.review');
  const queue = useReviewQueue(collaborationId);
  const indicators = useIndicators(collaborationId, 'all');
  const activities = useActivities(collaborationId, {}, allowed);
  const activityNames = useMemo(() => new Map((activities.data ?? []).map((a) => [a.id, a.name])), [activities.data]);
  const { review } = useValueMutations(collaborationId);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const indicatorById = useMemo(() => new Map((indicators.data ?? []).map((i) => [i.id, i])), [indicators.data]);

  if (!allowed) return <NotFoundPanel forbidden />;
  if (queue.isPending || indicators.isPending) return <PageLoader />;
  const failed = [queue, indicators].find((q) => q.isError);
  if (failed) return <ErrorState error={failed.error} onRetry={() => failed.refetch()} what="the review queue" />;
  const groups = queue.data ?? [];

  const toggle = (ids: string[], on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      ids.forEach((id) => (on ? n.add(id) : n.delete(id)));
      return n;
    });

  const decide = (decision: 'approve' | 'return') => {
    const ids = [...selected];
    if (decision === 'return' && !reason.trim()) {
      setReasonError('Tell the partner what to fix.');
      return;
    }
    review.mutate(
      { ids, decision, reason: decision === 'return' ? reason.trim() : undefined },
      {
        onSuccess: (r) => {
          setSelected(new Set());
          setReturning(false);
          setReason('');
          notifications.show({
            color: 'green',
            message: decision === 'approve' ? `${plural(r.changed, 'value')} approved.` : `${plural(r.changed, 'value')} returned with your reason.`,
          });
        },
        onError: (e) => {
          // Values that went through before a part failed are no longer waiting: keep only the rest selected.
          if (e instanceof PartlyDone) toggle((e as PartlyDone<Value>).done.values.map((v) => v.id), false);
          notifications.show({ color: 'red', title: e instanceof PartlyDone ? 'Stopped part-way' : 'Nothing changed', message: errorMessage(e) });
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        title="Review"
        description="Values partners have submitted, by partner and period. Approve them, or return them with a reason."
        actions={
          <>
            <Button variant="default" color="red" leftSection={<IconArrowBackUp size={16} aria-hidden />} disabled={selected.size === 0} onClick={() => setReturning(true)}>
              Return selected
            </Button>
            <Button leftSection={<IconCircleCheck size={16} aria-hidden />} disabled={selected.size === 0} loading={review.isPending && !returning} onClick={() => decide('approve')}>
              Approve selected{selected.size ? ` (${selected.size})` : ''}
            </Button>
          </>
        }
      />
      {groups.length === 0 ? (
        <EmptyStatePanel icon={<IconClipboardCheck size={28} aria-hidden />} title="Nothing waiting for review" headingOrder={2}>
          When partners submit values they appear here, grouped by partner and period. Partners who have not reported yet are not shown
          here: remind them from the Partners page.
        </EmptyStatePanel>
      ) : (
        <Stack gap="lg">
          {groups.map((g, i) => (
            <ReviewGroupCard
              key={`${g.partner.id}-${g.period}`}
              collaborationId={collaborationId}
              group={g}
              initiallyOpen={i < OPEN_GROUPS}
              selected={selected}
              toggle={toggle}
              indicatorById={indicatorById}
              activityNames={activityNames}
              onHistory={setHistoryOf}
            />
          ))}
        </Stack>
      )}
      <Stack mt="xl">
        <PeriodLocksPanel collaborationId={collaborationId} fiscalYearStartMonth={collaboration.agenda.fiscalYearStartMonth} />
      </Stack>
      <Modal opened={returning} onClose={() => setReturning(false)} title={`Return ${plural(selected.size, 'value')}`}>
        <Stack>
          <Text size="sm">The partner sees your reason beside each value and at the top of the value's conversation, is notified, and can correct and resubmit it.</Text>
          {review.isError && <Alert color="red">{errorMessage(review.error)}</Alert>}
          <Textarea
            label="Reason"
            required
            autosize
            minRows={3}
            value={reason}
            error={reasonError}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setReasonError(null);
            }}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReturning(false)}>
              Cancel
            </Button>
            <Button color="red" loading={review.isPending} onClick={() => decide('return')}>
              Return to the partner
            </Button>
          </Group>
        </Stack>
      </Modal>
      <HistoryModal collaborationId={collaborationId} valueId={historyOf} onClose={() => setHistoryOf(null)} />
    </>
  );
}
