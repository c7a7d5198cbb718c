import { Badge, Tabs } from '@mantine/core';
import { IconInbox, IconListCheck, IconMail, IconUsers, IconUsersGroup } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { NotFoundPanel } from '../../../components/not-found-page';
import { PageHeader } from '../../../components/page-header';
import { useMe } from '../../auth/hooks/use-me';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useJoinRequests } from '../hooks/use-partners';
import { CommitmentsTab } from '../../commitments/components/commitments-tab';
import { InvitationsTab } from './invitations-tab';
import { InviteModal } from './invite-modal';
import { JoinRequestsTab } from './join-requests-tab';
import { MembersTab } from './members-tab';
import { PartnersTab } from './partners-tab';

const TABS = ['partners', 'commitments', 'invitations', 'requests', 'members'] as const;
type Tab = (typeof TABS)[number];

export function PartnersPage() {
  const { collaborationId, collaboration, membership, can } = useCollaborationContext();
  const [params, setParams] = useSearchParams();
  const canManage = can('partners.manage') && collaboration.status !== 'archived';
  const canInviteColleague =
    !can('partners.manage') && can('members.manage_own_org') && !!membership.partnerId && !!membership.organisationId;
  const requests = useJoinRequests(collaborationId, can('partners.manage'));
  const me = useMe();

  const visible: Tab[] = TABS.filter(
    (t) => t === 'partners' || t === 'commitments' || (t === 'members' ? can('members.read') : can('partners.manage')),
  );
  const requested = params.get('tab') as Tab | null;
  const tab: Tab = requested && visible.includes(requested) ? requested : 'partners';
  const inviteOpen = params.get('invite') === '1';

  const setTab = (t: string | null) => {
    const next = new URLSearchParams(params);
    next.set('tab', t ?? 'partners');
    next.delete('invite');
    setParams(next, { replace: true });
  };
  const setInvite = (open: boolean) => {
    const next = new URLSearchParams(params);
    if (open) next.set('invite', '1');
    else next.delete('invite');
    setParams(next, { replace: true });
  };

  if (!can('partners.read')) return <NotFoundPanel forbidden />;

  return (
    <>
      <PageHeader
        title="Partners"
        description="The organisations in this collaboration, how they joined, and whether they endorse the current common agenda."
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="partners" leftSection={<IconUsersGroup size={16} aria-hidden />}>
            Partners
          </Tabs.Tab>
          <Tabs.Tab value="commitments" leftSection={<IconListCheck size={16} aria-hidden />}>
            Commitments
          </Tabs.Tab>
          {visible.includes('invitations') && (
            <Tabs.Tab value="invitations" leftSection={<IconMail size={16} aria-hidden />}>
              Invitations
            </Tabs.Tab>
          )}
          {visible.includes('requests') && (
            <Tabs.Tab
              value="requests"
              leftSection={<IconInbox size={16} aria-hidden />}
              rightSection={
                requests.data && requests.data.length > 0 ? (
                  <Badge size="sm" circle variant="filled" aria-label={`${requests.data.length} waiting`}>
                    {requests.data.length}
                  </Badge>
                ) : undefined
              }
            >
              Join requests
            </Tabs.Tab>
          )}
          {visible.includes('members') && (
            <Tabs.Tab value="members" leftSection={<IconUsers size={16} aria-hidden />}>
              Members
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="partners">
          <PartnersTab collaborationId={collaborationId} canManage={canManage} onInvite={() => setInvite(true)} />
        </Tabs.Panel>
        <Tabs.Panel value="commitments">
          <CommitmentsTab />
        </Tabs.Panel>
        {visible.includes('invitations') && (
          <Tabs.Panel value="invitations">
            <InvitationsTab collaborationId={collaborationId} onInvite={() => setInvite(true)} />
          </Tabs.Panel>
        )}
        {visible.includes('requests') && (
          <Tabs.Panel value="requests">
            <JoinRequestsTab collaborationId={collaborationId} joinCode={collaboration.joinCode} />
          </Tabs.Panel>
        )}
        {visible.includes('members') && (
          <Tabs.Panel value="members">
            <MembersTab
              collaborationId={collaborationId}
              membership={membership}
              myUserId={me.data?.user.id ?? ''}
              onInviteColleague={canInviteColleague ? () => setInvite(true) : undefined}
            />
          </Tabs.Panel>
        )}
      </Tabs>
      {(canManage || canInviteColleague) && (
        <InviteModal
          opened={inviteOpen}
          onClose={() => setInvite(false)}
          collaborationId={collaborationId}
          ownOrganisation={
            canInviteColleague
              ? { partnerId: membership.partnerId!, organisationId: membership.organisationId!, name: membership.organisationName ?? '' }
              : null
          }
        />
      )}
    </>
  );
}
