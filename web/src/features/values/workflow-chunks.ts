import { MAX_IDS_PER_REQUEST, MAX_VALUES_PER_BATCH, type ValueRowInput, type ValuesBatchResult } from '@constellation/shared';
import { ApiError, errorMessage } from '../../lib/api-client';

/** What a submit or review answers (values-api `WorkflowResult`). */
interface Outcome<V> {
  changed: number;
  unchanged: number;
  values: V[];
}

/** A submit, review or save that stopped part-way: `done` holds what the earlier requests changed. */
export class PartlyDone<V> extends Error {
  /** "N of the values went through before this". */
  readonly summary: string;
  constructor(
    readonly done: Outcome<V>,
    readonly cause: unknown,
  ) {
    const summary = `${done.changed + done.unchanged} of the values went through before this`;
    super(`${summary}: ${errorMessage(cause)}`);
    this.summary = summary;
  }
}

/**
 * Items in parts of at most `size`, never splitting a group (items of one key stay together, in
 * their order); a group larger than `size` is a part of its own.
 */
export function groupedChunks<T>(items: T[], keyOf: (item: T) => string, size: number): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  const out: T[][] = [];
  let part: T[] = [];
  for (const g of groups.values()) {
    if (part.length > 0 && part.length + g.length > size) {
      out.push(part);
      part = [];
    }
    part.push(...g);
  }
  if (part.length > 0) out.push(part);
  return out;
}

/**
 * A batch save of any number of rows, as batches of at most MAX_VALUES_PER_BATCH one after another.
 * An indicator × period × activity stays in one batch (its total and breakdown cells are checked
 * together). A rejected batch's field paths (`values.3.value`) are given back as paths into `rows`.
 */
export async function saveInChunks(
  rows: ValueRowInput[],
  send: (part: ValueRowInput[]) => Promise<ValuesBatchResult>,
  size = MAX_VALUES_PER_BATCH,
): Promise<ValuesBatchResult> {
  const total: ValuesBatchResult = { created: 0, updated: 0, unchanged: 0, values: [] };
  const parts = groupedChunks(
    rows.map((row, index) => ({ row, index })),
    ({ row }) => `${row.indicatorId}|${row.partnerId}|${row.period.toUpperCase()}|${row.activityId ?? ''}`,
    size,
  );
  for (const part of parts) {
    try {
      const r = await send(part.map((p) => p.row));
      total.created += r.created;
      total.updated += r.updated;
      total.unchanged += r.unchanged;
      total.values.push(...r.values);
    } catch (e) {
      const err =
        e instanceof ApiError
          ? new ApiError(
              {
                statusCode: e.status,
                error: e.error,
                message: e.message,
                details: e.details.map((d) => ({ ...d, path: d.path.replace(/^values\.(\d+)/, (_, n: string) => `values.${part[Number(n)]?.index ?? n}`) })),
              },
              e.retryAfter,
            )
          : e;
      const done = total.created + total.updated + total.unchanged;
      if (done > 0) throw new PartlyDone({ changed: total.created + total.updated, unchanged: total.unchanged, values: total.values }, err);
      throw err;
    }
  }
  return total;
}

/** `items` in consecutive parts of at most `size`. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A submit or review of any number of values, as requests of at most MAX_IDS_PER_REQUEST ids one
 * after another (each is all or nothing on the server), their outcomes added up. A failure after
 * some requests went through is a PartlyDone saying how many; a failure of the first is its own.
 */
export async function inChunks<V>(ids: string[], send: (part: string[]) => Promise<Outcome<V>>, size = MAX_IDS_PER_REQUEST): Promise<Outcome<V>> {
  const total: Outcome<V> = { changed: 0, unchanged: 0, values: [] };
  for (const part of chunks(ids, size)) {
    try {
      const r = await send(part);
      total.changed += r.changed;
      total.unchanged += r.unchanged;
      total.values.push(...r.values);
    } catch (e) {
      if (total.changed + total.unchanged > 0) throw new PartlyDone(total, e);
      throw e;
    }
  }
  return total;
}
