import { Box, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSchemeToggle } from './color-scheme-toggle';
import { Logo } from './logo';
import { useDocumentTitle } from './page-header';
import classes from './auth-layout.module.css';

interface AuthLayoutProps {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}

/** Sign in, sign up and password pages: one calm card in the middle. */
export function AuthLayout({ title, subtitle, children, footer }: AuthLayoutProps) {
  useDocumentTitle(title);
  return (
    <Box className={classes.page}>
      <Group justify="space-between" px="md" py="sm" component="header">
        <Logo />
        <ColorSchemeToggle />
      </Group>
      <Container size={460} py="xl" component="main" id="main">
        <Stack gap="xs" mb="lg" align="center" ta="center">
          <Title order={1}>{title}</Title>
          {subtitle && (
            <Text c="dimmed" size="sm">
              {subtitle}
            </Text>
          )}
        </Stack>
        <Paper withBorder shadow="sm" p={{ base: 'md', xs: 'xl' }} radius="md">
          {children}
        </Paper>
        {footer && (
          <Text ta="center" size="sm" mt="lg">
            {footer}
          </Text>
        )}
      </Container>
    </Box>
  );
}
