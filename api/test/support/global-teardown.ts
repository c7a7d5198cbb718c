import { adminQuery } from './db';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.CONSTELLATION_TEST_TEMPLATE_DB;
  if (name) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
