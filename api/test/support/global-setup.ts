import { randomBytes } from 'node:crypto';
import { createDataSource } from '../../src/database/data-source';
import { adminQuery, urlFor } from './db';

/**
 * Build a template database once per run with the real migrations; every suite then
 * clones it (CREATE DATABASE … TEMPLATE). The name is random so parallel runs do not clash.
 */
export default async function globalSetup(): Promise<void> {
  const name = `ctpl_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const ds = createDataSource(urlFor(name));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env.CONSTELLATION_TEST_TEMPLATE_DB = name;
}
