import { Button, Center, Container, Group } from '@mantine/core';
import { IconHome, IconLock, IconMapSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyStatePanel } from './empty-state-panel';
import { useDocumentTitle } from './page-header';

/** "Not here" or "not yours": never a blank screen. */
export function NotFoundPanel({ forbidden = false }: { forbidden?: boolean }) {
  useDocumentTitle(forbidden ? 'Not available' : 'Page not found');
  return (
    <EmptyStatePanel
      icon={forbidden ? <IconLock size={28} aria-hidden /> : <IconMapSearch size={28} aria-hidden />}
      title={forbidden ? 'This page is not available to you' : 'We could not find that page'}
      headingOrder={2}
      actions={
        <Group>
          <Button component={Link} to="/" leftSection={<IconHome size={16} aria-hidden />}>
            Go to my collaborations
          </Button>
        </Group>
      }
    >
      {forbidden
        ? 'Your role in this collaboration does not include this page. If you think it should, ask your backbone team.'
        : 'The link may be old or mistyped, or the collaboration may not include you. Check the address, or start again from your collaborations.'}
    </EmptyStatePanel>
  );
}

export function NotFoundPage() {
  return (
    <Container size="sm" py="xl" component="main" id="main">
      <Center>
        <div style={{ width: '100%' }}>
          <NotFoundPanel />
        </div>
      </Center>
    </Container>
  );
}
