import type { ValueRowInput } from '@constellation/shared';
import { ApiError } from '../../lib/api-client';
import { chunks, groupedChunks, inChunks, PartlyDone, saveInChunks } from './workflow-chunks';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);

describe('chunks', () => {
  it('cuts a list into consecutive parts of at most the size', () => {
    expect(chunks(ids(5), 2)).toEqual([['v0', 'v1'], ['v2', 'v3'], ['v4']]);
    expect(chunks([], 2)).toEqual([]);
  });
});

describe('inChunks', () => {
  it('sends parts one after another and adds up their outcomes', async () => {
    const sent: string[][] = [];
    const r = await inChunks(ids(5), async (part) => {
      sent.push(part);
      return { changed: part.length - 1, unchanged: 1, values: part };
    }, 2);
    expect(sent).toEqual([['v0', 'v1'], ['v2', 'v3'], ['v4']]);
    expect(r).toEqual({ changed: 2, unchanged: 3, values: ids(5) });
  });

  it('a failure after some parts went through says how many; a first failure is passed on as it is', async () => {
    const boom = new Error('Q1 2026 is closed');
    const failing = (at: number) => async (part: string[]) => {
      if (part[0] === `v${at}`) throw boom;
      return { changed: part.length, unchanged: 0, values: part };
    };
    const late = await inChunks(ids(5), failing(4), 2).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(PartlyDone);
    expect((late as PartlyDone<string>).done.changed).toBe(4);
    expect((late as Error).message).toBe('4 of the values went through before this: Q1 2026 is closed');
    expect(await inChunks(ids(5), failing(0), 2).catch((e: unknown) => e)).toBe(boom);
  });
});

describe('groupedChunks', () => {
  it('packs whole groups into parts of at most the size; a larger group is a part of its own', () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'c2', 'c3', 'd1'];
    expect(groupedChunks(items, (x) => x[0]!, 3)).toEqual([['a1', 'a2', 'b1'], ['c1', 'c2', 'c3'], ['d1']]);
    expect(groupedChunks(['a1', 'a2', 'a3', 'b1'], (x) => x[0]!, 2)).toEqual([['a1', 'a2', 'a3'], ['b1']]);
  });
});

describe('saveInChunks', () => {
  const row = (indicatorId: string, period: string, value: number, cell?: Record<string, string>): ValueRowInput => ({
    indicatorId,
    partnerId: 'p',
    period,
    value,
    ...(cell ? { cell } : {}),
  });

  it("keeps an indicator × period's total and cells in one batch and adds up the answers", async () => {
    const rows = [row('i', '2026-Q1', 10), row('j', '2026-Q1', 1), row('i', '2026-Q1', 4, { age: '0-4' }), row('i', '2026-Q1', 6, { age: '5-9' })];
    const sent: ValueRowInput[][] = [];
    const r = await saveInChunks(
      rows,
      async (part) => {
        sent.push(part);
        return { created: part.length, updated: 0, unchanged: 0, values: [] };
      },
      3,
    );
    expect(sent.map((p) => p.map((x) => `${x.indicatorId}:${String(x.value)}`))).toEqual([['i:10', 'i:4', 'i:6'], ['j:1']]);
    expect(r).toMatchObject({ created: 4, updated: 0, unchanged: 0 });
  });

  it("gives a rejected batch's field paths back as paths into the rows asked, and says what went through", async () => {
    const rows = [row('i', '2026-Q1', 10), row('j', '2026-Q1', 1), row('k', '2026-Q1', -1)];
    const reject = new ApiError({ statusCode: 422, error: 'Unprocessable Entity', message: 'Some values are invalid', details: [{ path: 'values.0.value', message: 'must not be negative' }] });
    const send = async (part: ValueRowInput[]) => {
      if (part.some((x) => x.indicatorId === 'k')) throw reject;
      return { created: part.length, updated: 0, unchanged: 0, values: [] };
    };
    const e = await saveInChunks(rows, send, 2).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PartlyDone);
    const cause = (e as PartlyDone<unknown>).cause as ApiError;
    expect(cause).toBeInstanceOf(ApiError);
    // The batches were [i, j] and [k]: k, the first of its batch, is row 2 of the save.
    expect(cause.details).toEqual([{ path: 'values.2.value', message: 'must not be negative' }]);
    expect((e as PartlyDone<unknown>).summary).toBe('2 of the values went through before this');
  });
});
