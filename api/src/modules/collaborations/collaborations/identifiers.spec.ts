import { firstFreeSlug, generateJoinCode, JOIN_CODE_ALPHABET, slugify } from './identifiers';

describe('slugify', () => {
  it.each([
    ['Ready by Five', 'ready-by-five'],
    ['  Bright Futures: Tower Hamlets!  ', 'bright-futures-tower-hamlets'],
    ['Écoles & Santé', 'ecoles-and-sante'],
    ['A', 'collaboration'],
    ['東京', 'collaboration'],
    ['x'.repeat(100), 'x'.repeat(60)],
    ['abc-'.repeat(30), 'abc-'.repeat(15).slice(0, 59)],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});

describe('firstFreeSlug', () => {
  it('keeps a free slug', () => expect(firstFreeSlug('ready', [])).toBe('ready'));
  it('adds the first free number', () =>
    expect(firstFreeSlug('ready', ['ready', 'ready-2', 'ready-4'])).toBe('ready-3'));
  it('stays within 60 characters', () => {
    const base = 'a'.repeat(60);
    expect(firstFreeSlug(base, [base])).toBe('a'.repeat(58) + '-2');
  });
});

describe('generateJoinCode', () => {
  it('makes 8 characters from the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateJoinCode();
      expect(code).toMatch(/^[A-Z0-9]{8}$/);
      expect([...code].every((c) => JOIN_CODE_ALPHABET.includes(c))).toBe(true);
      expect(code).not.toMatch(/[01OIL]/);
    }
  });
  it('uses the random source it is given', () => {
    expect(generateJoinCode(() => 0)).toBe('AAAAAAAA');
  });
});
