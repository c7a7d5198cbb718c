import { randomInt } from 'node:crypto';

/** Join-code alphabet: A-Z and 0-9 without the look-alikes 0/O, 1/I/L. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 8;

/** A random 8-character join code (about 39 bits), e.g. "K7M2QX9P". */
export function generateJoinCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[random(JOIN_CODE_ALPHABET.length)];
  return code;
}

const SLUG_MAX = 60;
const SLUG_MIN = 3;

/**
 * A URL slug from a name: accents removed, lowercase letters and digits joined by single hyphens,
 * at most 60 characters. Names with too few Latin letters or digits fall back to "collaboration".
 */
export function slugify(name: string, maxLength = SLUG_MAX): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return base.length >= SLUG_MIN ? base : 'collaboration';
}

/**
 * The first free slug among `base`, `base-2`, `base-3`, … given the slugs already taken that
 * start with `base`. Suffixed slugs are shortened so they stay within 60 characters.
 */
export function firstFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/g, '') + suffix;
    if (!used.has(candidate)) return candidate;
  }
}
