import { createDataSource } from '../../src/database/data-source';
import { adminQuery, TEMPLATE_DB, urlFor } from './db';

/** Build the template database once per run, with the real migrations. */
export default async function globalSetup(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
  const ds = createDataSource(urlFor(TEMPLATE_DB));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  // Remove databases left behind by interrupted runs.
  const stale = await adminQuery<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'ctest\\_%'`);
  for (const { datname } of stale) await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
}
