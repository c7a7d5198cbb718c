// Seeded generator of indicator values as an import file: partners × indicators × periods × cells.
// Each (indicator, month) group holds the total and a full age band × sex breakdown whose cells add
// up to it, so the values pass every validation rule. Usage:
//   node infra/bench/generate.mjs --rows 100000 --partners 1 --seed 42 --out /tmp/bench
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const AGE_BANDS = ['0-4', '5-9', '10-14', '15-19', '20-plus'];
export const SEXES = ['female', 'male'];
export const CELLS_PER_GROUP = 1 + AGE_BANDS.length * SEXES.length;
export const FIRST_YEAR = 1990;
export const MONTHS = 480; // 1990-01 … 2029-12

/** mulberry32: a small, fast, seeded PRNG (same seed → same file). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many indicators a file of `rows` rows needs. */
export const indicatorsFor = (rows) => Math.max(1, Math.ceil(Math.ceil(rows / CELLS_PER_GROUP) / MONTHS));
export const indicatorCode = (i) => `BENCH-${String(i + 1).padStart(4, '0')}`;
const monthKey = (m) => `${FIRST_YEAR + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;

function write(out, chunk) {
  return out.write(chunk) ? Promise.resolve() : new Promise((resolve) => out.once('drain', resolve));
}

/** Write one CSV per partner (`partner-1.csv` …) of exactly `rows` rows each; returns the paths. */
export async function generate({ rows, partners = 1, seed = 42, out }) {
  await mkdir(out, { recursive: true });
  const indicators = indicatorsFor(rows);
  const paths = [];
  for (let p = 0; p < partners; p++) {
    const random = prng(seed + p * 7919);
    const path = join(out, `partner-${p + 1}.csv`);
    const file = createWriteStream(path);
    await write(file, 'indicator,period,age band,sex,value\n');
    let written = 0;
    let buffer = '';
    outer: for (let i = 0; i < indicators; i++) {
      for (let m = 0; m < MONTHS; m++) {
        const cells = [];
        let total = 0;
        for (const age of AGE_BANDS) {
          for (const sex of SEXES) {
            const v = Math.floor(random() * 1000);
            total += v;
            cells.push(`${age},${sex},${v}`);
          }
        }
        const code = indicatorCode(i);
        const period = monthKey(m);
        for (const line of [`,,${total}`, ...cells]) {
          if (written === rows) break outer;
          buffer += `${code},${period},${line}\n`;
          written++;
        }
        if (buffer.length > 1 << 16) {
          await write(file, buffer);
          buffer = '';
        }
      }
    }
    await write(file, buffer);
    await new Promise((resolve) => file.end(resolve));
    paths.push(path);
  }
  return { paths, indicators, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '100000' },
      partners: { type: 'string', default: '1' },
      seed: { type: 'string', default: '42' },
      out: { type: 'string', default: 'infra/bench/data' },
    },
  });
  const result = await generate({ rows: Number(values.rows), partners: Number(values.partners), seed: Number(values.seed), out: values.out });
  console.log(JSON.stringify(result));
}
