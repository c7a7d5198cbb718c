import { Alert, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconShieldCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { usePartners } from '../../partners/hooks/use-partners';
import { useEndorseAgenda } from '../hooks/use-agenda';

/**
 * For a partner admin whose organisation has not endorsed the current agenda version:
 * say so, and offer to endorse it.
 */
export function EndorseBanner({ currentVersion, showReadLink = false }: { currentVersion: number; showReadLink?: boolean }) {
  const { collaborationId, membership, can } = useCollaborationContext();
  // Partner organisations endorse the agenda to join; the backbone writes it.
  const eligible = can('agenda.endorse') && !!membership.partnerId && membership.partnerKind === 'partner';
  const partners = usePartners(collaborationId, eligible);
  const endorse = useEndorseAgenda(collaborationId);
  if (!eligible || !partners.data) return null;
  const mine = partners.data.find((p) => p.id === membership.partnerId);
  if (!mine || mine.endorsedAgendaVersion === currentVersion) return null;

  const onEndorse = () =>
    endorse.mutate(
      { partnerId: mine.id, version: currentVersion },
      {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            title: 'Thank you',
            message: `${mine.organisation.name} now endorses version ${currentVersion} of the common agenda.`,
          }),
        onError: (e) =>
          notifications.show({
            color: 'red',
            title: isApiError(e, 409) ? 'The agenda changed' : 'Could not endorse',
            message: isApiError(e, 409) ? 'A newer version was saved. Read it, then endorse again.' : errorMessage(e),
          }),
      },
    );

  return (
    <Alert color="orange" variant="light" icon={<IconShieldCheck aria-hidden />} title="Your organisation has not endorsed this agenda" mb="lg">
      <Text size="sm" mb="sm">
        {mine.endorsedAgendaVersion
          ? `${mine.organisation.name} endorsed version ${mine.endorsedAgendaVersion}; the agenda is now at version ${currentVersion}.`
          : `${mine.organisation.name} has not yet endorsed the common agenda.`}{' '}
        As its admin, you can endorse version {currentVersion} on its behalf once you have read it.
      </Text>
      <Group gap="sm">
        <Button size="xs" onClick={onEndorse} loading={endorse.isPending}>
          Endorse version {currentVersion}
        </Button>
        {showReadLink && (
          <Button size="xs" variant="default" component={Link} to={`/collaborations/${collaborationId}/agenda`}>
            Read the agenda
          </Button>
        )}
      </Group>
    </Alert>
  );
}
