import type { CreateSharedDashboardInput, SharedDashboardView } from '@constellation/shared';
import { Button, Card, CopyButton, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBan,
  IconCheck,
  IconCopy,
  IconExternalLink,
  IconPlus,
  IconWorldShare,
} from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { ConfirmModal } from '../../../components/confirm-modal';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { NotFoundPanel } from '../../../components/not-found-page';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { StatusBadge } from '../../../components/status-badge';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { labelPeriod } from '../../../lib/periods';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useIndicators } from '../../indicators/hooks/use-indicators';
import { shareUrl } from '../api/sharing-api';
import { embedSnippet } from '../share-text';
import { useSharedDashboards, useSharingMutations } from '../hooks/use-sharing';
import { ShareFormModal } from './share-form-modal';

const GRANULARITY_LABELS: Record<string, string> = { month: 'months', quarter: 'quarters', year: 'years' };

function CopyField({
  label,
  value,
  multiline,
  copyLabel,
}: {
  label: string;
  value: string;
  multiline?: boolean;
  copyLabel: string;
}) {
  const field = multiline ? (
    <Textarea
      label={label}
      value={value}
      readOnly
      autosize
      minRows={2}
      maxRows={4}
      styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
    />
  ) : (
    <TextInput
      label={label}
      value={value}
      readOnly
      styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
    />
  );
  return (
    <Group align="flex-end" wrap="nowrap" gap="xs">
      <div style={{ flex: 1, minWidth: 0 }}>{field}</div>
      <CopyButton value={value} timeout={2000}>
        {({ copied, copy }) => (
          <Button
            variant={copied ? 'light' : 'default'}
            color={copied ? 'green' : undefined}
            leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
            onClick={copy}
            aria-label={copyLabel}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

function LinkCard({
  link,
  names,
  fiscalYearStartMonth,
  onRevoke,
}: {
  link: SharedDashboardView;
  names: Map<string, string>;
  fiscalYearStartMonth: number;
  onRevoke?: () => void;
}) {
  const revoked = link.revokedAt !== null;
  const url = shareUrl(link.token);
  const range =
    link.from || link.to
      ? `${link.from ? labelPeriod(link.from, fiscalYearStartMonth) : 'the start'} to ${link.to ? labelPeriod(link.to, fiscalYearStartMonth) : 'the latest'}`
      : 'all periods';
  return (
    <Card component="article" aria-labelledby={`share-${link.id}`} withBorder>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={4} style={{ minWidth: 0, flex: '1 1 260px' }}>
            <Title order={2} size="h4" id={`share-${link.id}`}>
              {link.title}
            </Title>
            <Text size="xs" c="dimmed">
              Published {formatDateTime(link.createdAt)}
              {link.createdBy ? ` by ${link.createdBy.name}` : ''}
              {revoked
                ? ` · revoked ${formatDateTime(link.revokedAt)}${link.revokedBy ? ` by ${link.revokedBy.name}` : ''}`
                : ''}
            </Text>
          </Stack>
          <StatusBadge status={revoked ? 'revoked' : 'active'} label={revoked ? 'Revoked' : 'Shared'} />
        </Group>
        <Text size="sm">
          <Text span fw={600}>
            {link.indicatorIds.length === 1 ? 'Indicator: ' : `${link.indicatorIds.length} indicators: `}
          </Text>
          {link.indicatorIds.map((id) => names.get(id) ?? 'a retired indicator').join(' · ')}
        </Text>
        <Text size="sm" c="dimmed">
          Charts by{' '}
          {link.granularity
            ? GRANULARITY_LABELS[link.granularity]
            : 'the period each indicator is reported or targeted in'}
          , {range}.
        </Text>
        {!revoked && (
          <>
            <CopyField label="Public link" value={url} copyLabel={`Copy the link to ${link.title}`} />
            <CopyField
              label="Embed code (iframe)"
              value={embedSnippet(url, link.title)}
              multiline
              copyLabel={`Copy the embed code for ${link.title}`}
            />
            <Group gap="sm">
              <Button
                component="a"
                href={url}
                target="_blank"
                rel="noopener"
                variant="default"
                leftSection={<IconExternalLink size={16} aria-hidden />}
              >
                Open the public page
              </Button>
              {onRevoke && (
                <Button
                  variant="light"
                  color="red"
                  leftSection={<IconBan size={16} aria-hidden />}
                  onClick={onRevoke}
                  aria-label={`Revoke ${link.title}`}
                >
                  Revoke
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}

/** The backbone's public links: publish a read-only dashboard of chosen indicators, copy its link or embed code, revoke it. */
export function SharingPage() {
  const { collaborationId, collaboration, can } = useCollaborationContext();
  const allowed = can('sharing.manage');
  const links = useSharedDashboards(allowed ? collaborationId : '');
  const indicators = useIndicators(collaborationId, 'all');
  const m = useSharingMutations(collaborationId);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<SharedDashboardView | null>(null);
  const archived = collaboration.status === 'archived';
  const names = useMemo(() => new Map((indicators.data ?? []).map((i) => [i.id, i.name])), [indicators.data]);
  const active = (indicators.data ?? []).filter((i) => i.status === 'active');
  const fy = collaboration.agenda.fiscalYearStartMonth;

  if (!allowed) return <NotFoundPanel forbidden />;

  const save = (body: CreateSharedDashboardInput, onError: (e: unknown) => void) =>
    m.create.mutate(body, {
      onSuccess: () => {
        notifications.show({
          color: 'green',
          message: 'The public link is ready: copy it or its embed code below.',
        });
        setCreating(false);
      },
      onError,
    });
  const revoke = () => {
    if (!revoking) return;
    m.revoke.mutate(revoking.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: `“${revoking.title}” is no longer shared.` });
        setRevoking(null);
      },
      onError: (e) =>
        notifications.show({ color: 'red', title: 'That did not work', message: errorMessage(e) }),
    });
  };

  const newButton =
    !archived && active.length > 0 ? (
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
        New public link
      </Button>
    ) : undefined;

  let content;
  if (links.isPending || indicators.isPending) content = <PageLoader />;
  else if (links.isError)
    content = <ErrorState error={links.error} onRetry={() => links.refetch()} what="the public links" />;
  else if (indicators.isError)
    content = (
      <ErrorState error={indicators.error} onRetry={() => indicators.refetch()} what="the indicators" />
    );
  else if (links.data.length === 0)
    content = (
      <EmptyStatePanel
        icon={<IconWorldShare size={28} aria-hidden />}
        title="No public links yet"
        actions={newButton}
      >
        {active.length === 0
          ? 'Add indicators first: a public dashboard shows chosen indicators’ totals across all partners.'
          : 'Publish a read-only dashboard of chosen indicators for your website, a newsletter or a funder: anyone with the link sees the totals across all partners, the targets and the milestones met — never a partner’s own figures. Each link can be embedded and revoked.'}
      </EmptyStatePanel>
    );
  else
    content = (
      <Stack gap="md">
        {links.data.map((l) => (
          <LinkCard
            key={l.id}
            link={l}
            names={names}
            fiscalYearStartMonth={fy}
            onRevoke={() => setRevoking(l)}
          />
        ))}
      </Stack>
    );

  return (
    <>
      <PageHeader
        title="Public sharing"
        description="Read-only dashboards at a link anyone can open or embed, without signing in. Only totals across all partners are shown."
        actions={links.data && links.data.length > 0 ? newButton : undefined}
      />
      {content}
      <ShareFormModal
        opened={creating}
        collaborationName={collaboration.name}
        indicators={active}
        saving={m.create.isPending}
        onClose={() => setCreating(false)}
        onSave={save}
      />
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke this public link?"
        confirmLabel="Revoke link"
        danger
        loading={m.revoke.isPending}
        onConfirm={revoke}
        onClose={() => setRevoking(null)}
      >
        Anyone opening “{revoking?.title}” — including pages that embed it — will see “This dashboard is no
        longer shared”. This cannot be undone; you can publish a new link later.
      </ConfirmModal>
    </>
  );
}
