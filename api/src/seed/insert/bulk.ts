import type { EntityManager } from 'typeorm';

/** A column of a set-based insert: its SQL type and how to read it from a row. */
export type Column<T> = readonly [name: string, type: string, read: (row: T) => unknown];

const ARRAY_TYPE: Record<string, string> = { jsonb: 'text' };

/**
 * Insert many rows in one statement: one array parameter per column, `unnest`ed together
 * (PostgreSQL's limit of 65,535 parameters does not apply). jsonb columns travel as text.
 */
export async function insertRows<T>(
  m: EntityManager,
  table: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => name);
  const arrays = columns.map(([, type], i) => `$${i + 1}::${ARRAY_TYPE[type] ?? type}[]`);
  const selects = columns.map(([name, type]) => (ARRAY_TYPE[type] ? `${name}::${type}` : name));
  const params = columns.map(([, type, read]) =>
    rows.map((row) => {
      const v = read(row);
      return type === 'jsonb' && v !== null && v !== undefined ? JSON.stringify(v) : (v ?? null);
    }),
  );
  await m.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${selects.join(', ')} FROM unnest(${arrays.join(', ')}) AS r(${names.join(', ')})`,
    params,
  );
}
