import { Alert, Badge, Text } from '@mantine/core';
import { IconArchive } from '@tabler/icons-react';
import { Outlet, useParams } from 'react-router';
import type { Permission } from '@constellation/shared';
import { AppLayout } from '../../../components/app-layout';
import { ErrorState } from '../../../components/error-state';
import { NotFoundPanel } from '../../../components/not-found-page';
import { PageLoader } from '../../../components/page-loader';
import { roleLabel } from '../../../lib/labels';
import { useMe } from '../../auth/hooks/use-me';
import '../../dashboards/print.css';
import { LiveSign } from '../../dashboards/components/live-sign';
import { useLiveUpdates } from '../../dashboards/hooks/use-live-updates';
import { useCollaboration } from '../hooks/use-collaborations';
import type { CollaborationContext } from '../hooks/use-collaboration-context';
import { CollaborationNav } from './collaboration-nav';

/** Everything under /collaborations/:id: navigation driven by my permissions from GET /api/me. */
export function CollaborationShell() {
  const { collaborationId = '' } = useParams();
  const me = useMe();
  const membership = me.data?.memberships.find((m) => m.collaborationId === collaborationId);
  const detail = useCollaboration(membership ? collaborationId : undefined);
  // One live-updates stream per open collaboration, for every page inside it.
  const updatedAt = useLiveUpdates(membership ? collaborationId : '');

  if (!membership) {
    return (
      <AppLayout>
        <NotFoundPanel />
      </AppLayout>
    );
  }
  const can = (p: Permission) => membership.permissions.includes(p);
  const name = detail.data?.name ?? membership.name;

  let body;
  if (detail.isPending) body = <PageLoader />;
  else if (detail.isError)
    body = <ErrorState error={detail.error} onRetry={() => detail.refetch()} what="this collaboration" />;
  else {
    const ctx: CollaborationContext = { collaborationId, collaboration: detail.data, membership, can };
    body = (
      <>
        {detail.data.status === 'archived' && (
          <Alert
            color="gray"
            icon={<IconArchive aria-hidden />}
            mb="md"
            title="This collaboration is archived"
          >
            It is kept for the record. Nothing new can be added until it is brought back from Settings.
          </Alert>
        )}
        <LiveSign updatedAt={updatedAt} />
        <Outlet context={ctx} />
      </>
    );
  }

  return (
    <AppLayout
      headerContext={
        <Badge variant="light" color="gray" visibleFrom="md" tt="none" radius="sm" fw={500} maw={320}>
          <Text span size="xs" truncate>
            {name} · {roleLabel(membership.role)}
          </Text>
        </Badge>
      }
      navbar={(close) => (
        <CollaborationNav
          collaborationId={collaborationId}
          name={name}
          role={membership.role}
          isPartner={membership.partnerKind === 'partner'}
          can={can}
          onNavigate={close}
        />
      )}
    >
      {body}
    </AppLayout>
  );
}
