import { replaceCommitmentsSchema } from '@constellation/shared';
import { Alert, Button, Checkbox, Group, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconListCheck, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { labelPeriod } from '../../../lib/periods';
import { humanizeMessage } from '../../../lib/zod-form';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import type { Indicator } from '../../indicators/api/indicators-api';
import { useIndicators } from '../../indicators/hooks/use-indicators';
import { PERIODICITY_LABELS } from '../../indicators/labels';
import { usePartners } from '../../partners/hooks/use-partners';
import type { Commitment } from '../api/commitments-api';
import { useCommitments, useReplaceCommitments } from '../hooks/use-commitments';

interface Row {
  on: boolean;
  startPeriod: string;
  endPeriod: string;
}

function CommitmentsEditor({
  partner,
  current,
  indicators,
  onClose,
}: {
  partner: { id: string; name: string };
  current: Commitment[];
  indicators: Indicator[];
  onClose: () => void;
}) {
  const { collaborationId, collaboration } = useCollaborationContext();
  const fy = collaboration.agenda.fiscalYearStartMonth;
  const replace = useReplaceCommitments(collaborationId);
  const [rows, setRows] = useState<Record<string, Row>>(() =>
    Object.fromEntries(
      indicators.map((i) => {
        const c = current.find((x) => x.indicatorId === i.id);
        return [i.id, { on: !!c, startPeriod: c?.startPeriod ?? '', endPeriod: c?.endPeriod ?? '' }];
      }),
    ),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const chosen = indicators.filter((i) => rows[i.id]?.on);
  const save = () => {
    setFormError(null);
    const body = {
      commitments: chosen.map((i) => ({ indicatorId: i.id, startPeriod: rows[i.id]!.startPeriod, endPeriod: rows[i.id]!.endPeriod.trim() || null })),
    };
    const parsed = replaceCommitmentsSchema.safeParse(body);
    const toErrors = (issues: { path: string; message: string }[]) => {
      const e: Record<string, string> = {};
      for (const d of issues) {
        const m = /^commitments\.(\d+)\.(\w+)/.exec(d.path);
        const ind = m ? chosen[Number(m[1])] : undefined;
        if (ind) e[`${ind.id}.${m![2]}`] = humanizeMessage(d.message);
      }
      return e;
    };
    if (!parsed.success) {
      setErrors(toErrors(parsed.error.issues.map((x) => ({ path: x.path.join('.'), message: x.message }))));
      return;
    }
    setErrors({});
    replace.mutate(
      { partnerId: partner.id, body: parsed.data },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `${partner.name} now reports ${chosen.length} indicators.` });
          onClose();
        },
        onError: (e) => {
          if (e instanceof ApiError && e.details.length) setErrors(toErrors(e.details));
          setFormError(errorMessage(e));
        },
      },
    );
  };
  return (
    <Stack>
      <Text size="sm">
        Tick the indicators {partner.name} reports, and from which period. Leave the end empty for an open-ended commitment. Removing a
        commitment keeps the values already reported.
      </Text>
      {formError && (
        <Alert color="red" role="alert">
          {formError}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={620}>
        <Table aria-label={`Commitments of ${partner.name}`} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Indicator</Table.Th>
              <Table.Th scope="col">From</Table.Th>
              <Table.Th scope="col">Until</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {indicators.map((i) => {
              const r = rows[i.id]!;
              const set = (patch: Partial<Row>) => setRows((x) => ({ ...x, [i.id]: { ...x[i.id]!, ...patch } }));
              return (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Checkbox
                      checked={r.on}
                      onChange={(e) => set({ on: e.currentTarget.checked })}
                      label={`${i.code} · ${i.name}`}
                      description={PERIODICITY_LABELS[i.periodicity]}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={`${i.code} from period`}
                      placeholder={i.periodicity === 'month' ? '2026-01' : i.periodicity === 'quarter' ? '2026-Q1' : '2026'}
                      disabled={!r.on}
                      value={r.startPeriod}
                      error={errors[`${i.id}.startPeriod`]}
                      description={r.on && r.startPeriod ? labelPeriod(r.startPeriod.trim().toUpperCase(), fy) : undefined}
                      onChange={(e) => set({ startPeriod: e.currentTarget.value })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={`${i.code} until period`}
                      placeholder="Open-ended"
                      disabled={!r.on}
                      value={r.endPeriod}
                      error={errors[`${i.id}.endPeriod`] ?? errors[`${i.id}.indicatorId`]}
                      onChange={(e) => set({ endPeriod: e.currentTarget.value })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={save} loading={replace.isPending}>
          Save commitments
        </Button>
      </Group>
    </Stack>
  );
}

/** Which indicators each partner has committed to report, and from when. */
export function CommitmentsTab() {
  const { collaborationId, collaboration, membership, can } = useCollaborationContext();
  const fy = collaboration.agenda.fiscalYearStartMonth;
  const commitments = useCommitments(collaborationId);
  const partners = usePartners(collaborationId);
  const indicators = useIndicators(collaborationId);
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const isBackbone = membership.partnerKind === 'backbone';

  if (commitments.isPending || partners.isPending || indicators.isPending) return <PageLoader />;
  const failed = [commitments, partners, indicators].find((q) => q.isError);
  if (failed) return <ErrorState error={failed.error} onRetry={() => failed.refetch()} what="the commitments" />;
  const list = (partners.data ?? []).filter((p) => p.kind === 'partner' && p.status === 'active');
  if (list.length === 0)
    return (
      <EmptyStatePanel icon={<IconListCheck size={28} aria-hidden />} title="No active partners yet" headingOrder={2}>
        Once partner organisations have joined, each commits to the indicators it will report.
      </EmptyStatePanel>
    );
  return (
    <Stack gap="lg">
      {list.map((p) => {
        const mine = (commitments.data ?? []).filter((c) => c.partnerId === p.id);
        const canEdit = can('commitments.manage') && (isBackbone || membership.partnerId === p.id);
        return (
          <Paper key={p.id} withBorder radius="md" p="md" data-testid={`commitments-${p.organisation.name}`}>
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h4">
                {p.organisation.name}
              </Title>
              {canEdit && (indicators.data?.length ?? 0) > 0 && (
                <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing({ id: p.id, name: p.organisation.name })}>
                  Edit commitments
                </Button>
              )}
            </Group>
            {mine.length === 0 ? (
              <Text size="sm" c="dimmed">
                No commitments yet{canEdit ? ': choose the indicators this organisation will report.' : '.'}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={520}>
                <Table verticalSpacing={4} aria-label={`Indicators ${p.organisation.name} reports`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Indicator</Table.Th>
                      <Table.Th scope="col">Reported</Table.Th>
                      <Table.Th scope="col">From</Table.Th>
                      <Table.Th scope="col">Until</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {mine.map((c) => (
                      <Table.Tr key={c.indicatorId}>
                        <Table.Td>
                          {c.indicatorCode} · {c.indicatorName}
                        </Table.Td>
                        <Table.Td>{PERIODICITY_LABELS[c.periodicity]}</Table.Td>
                        <Table.Td>{labelPeriod(c.startPeriod, fy)}</Table.Td>
                        <Table.Td>{c.endPeriod ? labelPeriod(c.endPeriod, fy) : 'Open-ended'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Paper>
        );
      })}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={`Commitments of ${editing?.name ?? ''}`} size="xl">
        {editing && (
          <CommitmentsEditor
            partner={editing}
            current={(commitments.data ?? []).filter((c) => c.partnerId === editing.id)}
            indicators={indicators.data ?? []}
            onClose={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}
