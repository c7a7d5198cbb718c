import { Anchor, Group, Text } from '@mantine/core';
import { Link } from 'react-router';

/** The mark: a few stars joined into one shape. */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden focusable="false">
      <rect width="32" height="32" rx="7" fill="var(--mantine-color-sky-9)" />
      <g stroke="#fff" strokeWidth="1" opacity=".7">
        <line x1="9" y1="10" x2="16" y2="17" />
        <line x1="22" y1="8" x2="16" y2="17" />
        <line x1="16" y1="17" x2="8" y2="24" />
        <line x1="16" y1="17" x2="24" y2="23" />
      </g>
      <g fill="#fff">
        <circle cx="9" cy="10" r="2.4" />
        <circle cx="22" cy="8" r="2" />
        <circle cx="16" cy="17" r="2.8" />
        <circle cx="8" cy="24" r="1.8" />
        <circle cx="24" cy="23" r="2.2" />
      </g>
    </svg>
  );
}

export function Logo({ to = '/' }: { to?: string }) {
  return (
    <Anchor component={Link} to={to} underline="never" c="inherit" aria-label="Constellation home">
      <Group gap={8} wrap="nowrap">
        <LogoMark />
        <Text fw={700} size="lg" visibleFrom="xs" component="span">
          Constellation
        </Text>
      </Group>
    </Anchor>
  );
}
