// `npm run bench`: runs each workload in infra/bench/workloads/ in turn. Every workload prints its
// figure beside its anchor measured in the same run on the same machine (compare ratios, not
// absolute times) and writes its results to infra/bench/results/<workload>-<time>.json.
//
// BENCH_ONLY=csv-import,rollups runs only the named workloads. A workload that fails is reported and
// the others still run; the exit code is non-zero if any failed.
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'workloads');
const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const names = (await readdir(dir))
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.slice(0, -'.mjs'.length))
  .sort();
const unknown = only.filter((n) => !names.includes(n));
if (unknown.length) {
  console.error(`[bench] unknown workload(s): ${unknown.join(', ')}; known: ${names.join(', ')}`);
  process.exit(2);
}
const failed = [];
for (const name of names.filter((n) => only.length === 0 || only.includes(n))) {
  console.log(`\n[bench] ===== ${name} =====`);
  try {
    const mod = await import(pathToFileURL(join(dir, `${name}.mjs`)).href);
    await mod.main();
  } catch (err) {
    console.error(`[bench] ${name} failed:`, err?.stack ?? err);
    failed.push(name);
  }
}
if (failed.length) {
  console.error(`\n[bench] failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
