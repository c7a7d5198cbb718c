import { listAllValues, VALUES_PAGE, type Value } from './values-api';

const value = (i: number) => ({ id: `v${i}` }) as Value;

describe('listAllValues', () => {
  it('asks for page after page until one comes back short, and returns them all in order', async () => {
    const total = VALUES_PAGE * 2 + 3;
    const asked: Array<{ offset?: number; limit?: number; partnerId?: string }> = [];
    const list = async (_cid: string, q: { offset?: number; limit?: number; partnerId?: string }) => {
      asked.push(q);
      const from = q.offset ?? 0;
      return { items: Array.from({ length: Math.max(0, Math.min(q.limit ?? 0, total - from)) }, (_, i) => value(from + i)) };
    };
    const { items } = await listAllValues('c', { partnerId: 'p' }, list);
    expect(items).toHaveLength(total);
    expect(items[VALUES_PAGE]!.id).toBe(`v${VALUES_PAGE}`);
    expect(asked.map((q) => q.offset)).toEqual([0, VALUES_PAGE, VALUES_PAGE * 2]);
    expect(asked.every((q) => q.limit === VALUES_PAGE && q.partnerId === 'p')).toBe(true);
  });

  it('asks once more when the last page was exactly full', async () => {
    let calls = 0;
    const list = async (_cid: string, q: { offset?: number }) => {
      calls++;
      return { items: q.offset === 0 ? Array.from({ length: VALUES_PAGE }, (_, i) => value(i)) : [] };
    };
    expect((await listAllValues('c', {}, list)).items).toHaveLength(VALUES_PAGE);
    expect(calls).toBe(2);
  });
});
