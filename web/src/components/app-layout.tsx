import { Anchor, AppShell, Burger, Container, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, type ReactNode } from 'react';
import { Outlet, useLocation } from 'react-router';
import { NotificationsBell } from '../features/comments/components/notifications-bell';
import { ColorSchemeToggle } from './color-scheme-toggle';
import { Logo } from './logo';
import { PageLoader } from './page-loader';
import { UserMenu } from './user-menu';
import classes from './app-layout.module.css';

interface AppLayoutProps {
  /** The side navigation (inside a collaboration); a burger opens it on phones. */
  navbar?: (close: () => void) => ReactNode;
  /** Shown in the header beside the logo, e.g. the collaboration's name. */
  headerContext?: ReactNode;
  children?: ReactNode;
  size?: 'sm' | 'md' | 'lg' | 'xl';
}

export function AppLayout({ navbar, headerContext, children, size = 'lg' }: AppLayoutProps) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={navbar ? { width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined}
      padding="md"
    >
      <Anchor href="#main" className={classes.skipLink}>
        Skip to main content
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            {navbar && (
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? 'Close navigation' : 'Open navigation'}
                aria-expanded={opened}
                aria-controls="app-navbar"
              />
            )}
            <Logo />
            {headerContext}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationsBell />
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      {navbar && (
        <AppShell.Navbar p="sm" id="app-navbar" aria-label="Collaboration">
          {navbar(close)}
        </AppShell.Navbar>
      )}
      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        <Container size={size} px={0} py="md">
          <Suspense key={location.pathname} fallback={<PageLoader />}>
            {children ?? <Outlet />}
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
