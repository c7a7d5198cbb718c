import { EmptyState, Paper } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyStatePanelProps {
  icon: ReactNode;
  title: string;
  /** What this is, and what to do next. */
  children?: ReactNode;
  actions?: ReactNode;
  headingOrder?: 1 | 2 | 3 | 4;
}

/** An empty list or page that says what to do next. */
export function EmptyStatePanel({ icon, title, children, actions, headingOrder = 2 }: EmptyStatePanelProps) {
  return (
    <Paper withBorder p="xl" radius="md">
      <EmptyState variant="light" align="center">
        <EmptyState.Indicator>{icon}</EmptyState.Indicator>
        <EmptyState.Title order={headingOrder}>{title}</EmptyState.Title>
        {children && <EmptyState.Description maw={560}>{children}</EmptyState.Description>}
        {actions && <EmptyState.Actions>{actions}</EmptyState.Actions>}
      </EmptyState>
    </Paper>
  );
}
