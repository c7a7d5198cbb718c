import { moveTo } from './ordering';

describe('moveTo', () => {
  const ids = ['a', 'b', 'c', 'd'];
  it.each([
    ['a', 2, ['b', 'c', 'a', 'd']],
    ['d', 0, ['d', 'a', 'b', 'c']],
    ['b', 1, ['a', 'b', 'c', 'd']],
    ['b', 99, ['a', 'c', 'd', 'b']],
    ['c', 3, ['a', 'b', 'd', 'c']],
  ])('moves %s to %i', (id, position, expected) => {
    expect(moveTo(ids, id as string, position as number)).toEqual(expected);
  });
});
