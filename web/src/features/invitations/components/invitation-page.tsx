import { PARTNER_ROLES } from '@constellation/shared';
import { Alert, Badge, Blockquote, Button, Card, Checkbox, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconHourglassOff,
  IconLogin,
  IconMailOpened,
  IconUserPlus,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { useDocumentTitle } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { roleLabel } from '../../../lib/labels';
import { AgendaView } from '../../agenda/components/agenda-view';
import { useSignOut } from '../../auth/hooks/use-auth-mutations';
import { useMe } from '../../auth/hooks/use-me';
import { withNext } from '../../auth/hooks/use-next-path';
import type { InvitationPreview } from '../api/invitations-api';
import { useAcceptInvitation, useInvitationPreview } from '../hooks/use-invitation';

function InvitationGone() {
  const me = useMe();
  useDocumentTitle('Invitation no longer valid');
  return (
    <EmptyStatePanel
      icon={<IconHourglassOff size={28} aria-hidden />}
      title="This invitation can no longer be used"
      headingOrder={1}
      actions={
        <Button component={Link} to={me.data ? '/' : '/sign-in'}>
          {me.data ? 'Go to my collaborations' : 'Sign in'}
        </Button>
      }
    >
      It has expired, has already been accepted, or was withdrawn by the person who sent it. If you still need to join, ask them to
      send you a new invitation. If you already accepted it, sign in to find the collaboration in your list.
    </EmptyStatePanel>
  );
}

function InvitationNotFound() {
  useDocumentTitle('Invitation not found');
  return (
    <EmptyStatePanel
      icon={<IconMailOpened size={28} aria-hidden />}
      title="We could not find this invitation"
      headingOrder={1}
      actions={
        <Button component={Link} to="/" variant="default">
          Go to Constellation
        </Button>
      }
    >
      The link may be incomplete. Open it again from the email, or copy the whole link into the address bar.
    </EmptyStatePanel>
  );
}

function AcceptPanel({ token, invitation, onRefresh }: { token: string; invitation: InvitationPreview; onRefresh: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const accept = useAcceptInvitation(token);
  const signOut = useSignOut();
  const [endorsed, setEndorsed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const here = `/invitations/${token}`;
  const needsEndorsement = invitation.requiresEndorsement ?? PARTNER_ROLES.includes(invitation.role);
  const version = invitation.agenda.version;

  if (me.isPending) return <PageLoader />;

  if (!me.data) {
    return (
      <Stack gap="sm">
        <Text size="sm">
          To accept, create an account or sign in with <strong>{invitation.email}</strong>. You will come straight back here.
        </Text>
        <Group>
          <Button component={Link} to={withNext('/sign-up', here, { email: invitation.email })} leftSection={<IconUserPlus size={16} aria-hidden />}>
            Create an account
          </Button>
          <Button
            component={Link}
            to={withNext('/sign-in', here, { email: invitation.email })}
            variant="default"
            leftSection={<IconLogin size={16} aria-hidden />}
          >
            Sign in
          </Button>
        </Group>
      </Stack>
    );
  }

  if (me.data.memberships.some((m) => m.collaborationId === invitation.collaboration.id)) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text size="sm">You are already a member of {invitation.collaboration.name}.</Text>
        <Button component={Link} to={`/collaborations/${invitation.collaboration.id}`}>
          Open the collaboration
        </Button>
      </Stack>
    );
  }

  if (me.data.user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="This invitation is for someone else" role="alert">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">
            It was sent to <strong>{invitation.email}</strong>, but you are signed in as <strong>{me.data.user.email}</strong>. Sign
            out, then sign in or create an account with {invitation.email}.
          </Text>
          <Button size="xs" variant="default" loading={signOut.isPending} onClick={() => signOut.mutate()}>
            Sign out
          </Button>
        </Stack>
      </Alert>
    );
  }

  const onAccept = () => {
    setError(null);
    accept.mutate(needsEndorsement ? { endorsedAgendaVersion: version } : {}, {
      onSuccess: (r) => navigate(`/collaborations/${r.collaborationId}`, { replace: true }),
      onError: (e) => {
        if (isApiError(e, 409) && /version|agenda/i.test(e.message)) {
          setEndorsed(false);
          setError('The agenda changed while you were reading it. We have loaded the new version: please read it again.');
          onRefresh();
        } else if (isApiError(e, 410)) onRefresh();
        else if (isApiError(e, 403)) setError(`This invitation is for ${invitation.email}. Sign in with that address to accept it.`);
        else setError(errorMessage(e));
      },
    });
  };

  return (
    <Stack gap="md">
      {error && (
        <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
          {error}
        </Alert>
      )}
      {needsEndorsement && (
        <Checkbox
          checked={endorsed}
          onChange={(e) => setEndorsed(e.currentTarget.checked)}
          label={`I have read and endorse this common agenda (version ${version})`}
          description={invitation.organisation ? `On behalf of ${invitation.organisation.name}.` : undefined}
        />
      )}
      <Group>
        <Button onClick={onAccept} loading={accept.isPending} disabled={needsEndorsement && !endorsed} size="md">
          Accept and join
        </Button>
      </Group>
    </Stack>
  );
}

export function InvitationPage() {
  const { token = '' } = useParams();
  const preview = useInvitationPreview(token);
  useDocumentTitle(preview.data ? `Invitation to ${preview.data.collaboration.name}` : 'Invitation');

  if (preview.isPending) return <PageLoader label="Opening the invitation…" />;
  if (preview.isError) {
    if (isApiError(preview.error, 410)) return <InvitationGone />;
    if (isApiError(preview.error, 404)) return <InvitationNotFound />;
    return <ErrorState error={preview.error} onRetry={() => preview.refetch()} what="the invitation" />;
  }
  const inv = preview.data;
  if (inv.status && inv.status !== 'pending') return <InvitationGone />;

  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Text size="sm" c="dimmed">
          Invitation
        </Text>
        <Title order={1}>
          {inv.invitedBy?.name ?? 'The backbone team'} invites you to join {inv.collaboration.name}
        </Title>
        <Text c="dimmed">
          As <strong>{roleLabel(inv.role).toLowerCase()}</strong>
          {inv.organisation ? (
            <>
              {' '}
              for <strong>{inv.organisation.name}</strong>
            </>
          ) : null}
          . Sent to {inv.email}; valid until {formatDate(inv.expiresAt)}.
        </Text>
        {inv.message && (
          <Blockquote color="sky" p="md" mt="xs" cite={inv.invitedBy ? `${inv.invitedBy.name}` : undefined}>
            <Text size="sm" className="preserve-lines">
              {inv.message}
            </Text>
          </Blockquote>
        )}
      </Stack>

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="inv-agenda">
        <Group justify="space-between" mb="md">
          <Title order={2} size="h3" id="inv-agenda">
            The common agenda
          </Title>
          <Badge variant="default" tt="none" radius="sm">
            Version {inv.agenda.version}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed" mb="md">
          Every partner joins by endorsing this shared understanding of the problem and how the partners will solve it together.
        </Text>
        <AgendaView agenda={inv.agenda} />
      </Paper>

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="inv-goals">
        <Title order={2} size="h3" id="inv-goals" mb="md">
          Long-term goals
        </Title>
        {inv.goals.length === 0 ? (
          <Text size="sm" c="dimmed">
            No goals have been set yet.
          </Text>
        ) : (
          <Stack gap="sm">
            {inv.goals.map((g) => (
              <Card key={g.id} padding="md">
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Text fw={600}>{g.title}</Text>
                  <Badge variant="light" color="sky" tt="none" radius="sm" style={{ flexShrink: 0 }}>
                    By {formatDate(g.targetDate)}
                  </Badge>
                </Group>
                {g.description && (
                  <Text size="sm" c="dimmed" mt={4}>
                    {g.description}
                  </Text>
                )}
                {g.strategies.length > 0 && (
                  <List size="sm" mt="xs" spacing={2}>
                    {g.strategies.map((s) => (
                      <List.Item key={s.id}>{s.name}</List.Item>
                    ))}
                  </List>
                )}
              </Card>
            ))}
          </Stack>
        )}
      </Paper>

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="inv-accept" shadow="sm">
        <Title order={2} size="h3" id="inv-accept" mb="sm">
          Join {inv.collaboration.name}
        </Title>
        <AcceptPanel token={token} invitation={inv} onRefresh={() => preview.refetch()} />
      </Paper>
    </Stack>
  );
}
