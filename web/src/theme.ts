import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/**
 * The one theme: a calm night-sky blue, status colours that pass WCAG AA, system typography.
 * Contrast was checked for text on the page background in both schemes:
 *   primary 7 (#2c6ab2) on white 5.5:1, primary 4 (#6ea0d8) on dark 7 5.7:1,
 *   dimmed (gray 7) on white 8.2:1, error (red 9) on white 5.5:1.
 */
const sky: MantineColorsTuple = [
  '#eef4fb',
  '#d9e6f5',
  '#b3cdeb',
  '#8bb2e0',
  '#6ea0d8',
  '#5590d0',
  '#3b7cc4',
  '#2c6ab2',
  '#245b9a',
  '#1f4e79',
];

export const theme = createTheme({
  primaryColor: 'sky',
  primaryShade: { light: 7, dark: 7 },
  colors: { sky },
  autoContrast: true,
  luminanceThreshold: 0.35,
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: {
    fontFamily:
      'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.75rem', lineHeight: '1.3' },
      h2: { fontSize: '1.35rem', lineHeight: '1.35' },
      h3: { fontSize: '1.1rem', lineHeight: '1.4' },
    },
  },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { centered: true, closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } },
    TextInput: { defaultProps: { size: 'sm' } },
  },
  other: {
    /** Status colours (used with an icon and a word, never alone). */
    status: {
      positive: 'green',
      caution: 'orange',
      negative: 'red',
      neutral: 'gray',
      info: 'sky',
    },
  },
});

/**
 * Status colours, darkened where Mantine's defaults fall short of WCAG AA (4.5:1) for small text:
 * light badges/alerts (text on the pale tint), filled buttons (white text) and outline/subtle text.
 */
const STATUS_SHADES: Record<string, { strong: string; hover: string; text: string }> = {
  red: { strong: '#c92a2a', hover: '#a61e1e', text: '#a61e1e' }, // 5.5:1 on white, 6.1:1 on red-1
  green: { strong: '#237032', hover: '#1b5a28', text: '#1e6b2e' }, // 6.0:1 on white, 5.7:1 on green-1
  orange: { strong: '#a33a08', hover: '#8a3206', text: '#8a3206' }, // 5.9:1 on white, 7.0:1 on orange-1
  yellow: { strong: '#8f4a00', hover: '#763d00', text: '#8f4a00' }, // 6.0:1 on yellow-1
};

function statusVariables(scheme: 'light' | 'dark'): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, c] of Object.entries(STATUS_SHADES)) {
    vars[`--mantine-color-${name}-filled`] = c.strong;
    vars[`--mantine-color-${name}-filled-hover`] = c.hover;
    if (scheme === 'light') {
      vars[`--mantine-color-${name}-light-color`] = c.text;
      vars[`--mantine-color-${name}-outline`] = c.strong;
      vars[`--mantine-color-${name}-text`] = c.strong;
    }
  }
  return vars;
}

/** Darker muted text and error text than Mantine's defaults so both pass WCAG AA. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    ...statusVariables('light'),
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  },
  dark: {
    ...statusVariables('dark'),
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-5)',
    '--mantine-color-anchor': 'var(--mantine-color-sky-4)',
  },
});
