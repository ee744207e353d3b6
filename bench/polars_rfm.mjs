// RFM scoring with Polars (npm nodejs-polars 0.25.2) -- peer implementation
// for the relmark benchmark.
//
//   node bench/polars_rfm.mjs INPUT.csv OUTPUT.csv
//
// Computes exactly the job defined in bench/README.md ("The job") and writes
// the same bytes relmark writes.  Exactness notes:
//  * amounts are read as text and parsed to Int64 ten-thousandths ("units")
//    with string operations (sign, integer part, up to 4 decimals); a value
//    that does not match -?DIGITS[.DIGITS{1,4}] aborts the run.  Sums are
//    Int64 -- no float summing;
//  * monetary order: net/frequency is compared exactly as the pair
//    (floor(net / frequency), (net mod frequency) / frequency); the second
//    member is a Float64 in [0, 1) that orders the remainders exactly as long
//    as frequency < 2^26 (checked);
//  * monetary text: integer round-half-away-from-zero of
//    units / (100 * frequency).
import pl from 'nodejs-polars';

if (process.argv.length !== 4) {
  console.error('usage: node polars_rfm.mjs INPUT.csv OUTPUT.csv');
  process.exit(2);
}
const [src, out] = process.argv.slice(2);
const col = pl.col;
const lit = pl.lit;
// JS numbers become Float64 literals: integer literals must be cast
const ilit = (v) => pl.lit(v).cast(pl.Int64);

// exact integer division for a >= 0, b > 0 (nodejs-polars has no floor
// division on expressions): (a - a mod b) is an exact multiple of b, and its
// quotient is exact in Float64 below 2^53 (values are checked below that).
const idiv = (a, b) => a.sub(a.modulo(b)).div(b).cast(pl.Int64);

const AMOUNT = /^(-?)(\d+)(?:\.(\d{1,4}))?$/;

const rows = pl
  .scanCSV(src, {
    hasHeader: true,
    sep: ',',
    schema: { customer_id: pl.Utf8, invoice_id: pl.Utf8, date: pl.Utf8, amount: pl.Utf8 },
  })
  .select(
    col('customer_id'),
    col('invoice_id'),
    col('date').str.strptime(pl.Date, '%Y-%m-%d').cast(pl.Int32).alias('day'),
    col('amount').str.extract(AMOUNT, 1).alias('sign'),
    col('amount').str.extract(AMOUNT, 2).cast(pl.Int64).alias('ip'),
    col('amount').str.extract(AMOUNT, 3).fillNull(lit('')).str.padEnd(4, '0').cast(pl.Int64).alias('fp'),
  )
  .withColumns(
    pl.when(col('sign').eq(lit('-')))
      .then(ilit(-1))
      .otherwise(ilit(1))
      .mul(col('ip').mul(ilit(10000)).add(col('fp')))
      .alias('units'),
  );

const buy = col('units').gtEq(ilit(0));
const per = rows
  .groupBy('customer_id')
  .agg(
    col('invoice_id').filter(buy).nUnique().alias('frequency'),
    col('day').filter(buy).max().alias('last_buy'),
    col('day').max().alias('last_any'),
    col('units').sum().alias('net'),
    col('ip').nullCount().alias('bad'),
  )
  .collectSync();

if (per.height > 0 && per.getColumn('bad').sum() > 0) {
  console.error('polars_rfm: an amount is not of the form -?DIGITS[.DIGITS{1,4}]');
  process.exit(1);
}
const asOf = per.height > 0 ? per.getColumn('last_any').max() : 0;

let c = per
  .filter(col('frequency').gt(ilit(0)))
  .sort('customer_id') // byte order
  .select(
    col('customer_id'),
    ilit(asOf).sub(col('last_buy')).cast(pl.Int64).alias('recency_days'),
    col('frequency').cast(pl.Int64).alias('frequency'),
    col('net'),
  );
const n = c.height;
if (n > 0 && (c.getColumn('frequency').max() >= 2 ** 26 || c.getColumn('net').abs().max() >= 2 ** 52)) {
  console.error('polars_rfm: frequency or net too large for the exact integer arithmetic');
  process.exit(1);
}

// score = 6 - NTILE(5): position p (0-based) in the best-first order
const qq = Math.floor(n / 5);
const kk = n % 5;
const big = kk * (qq + 1);
const score = (pos) =>
  ilit(5).sub(
    pl.when(pos.lt(ilit(big)))
      .then(idiv(pos, ilit(qq + 1)))
      .otherwise(ilit(kk).add(idiv(pos.sub(ilit(big)), ilit(Math.max(qq, 1))))),
  );
// position of each row in the order given by `by` (rows are in customer_id
// order, the stable sort keeps that order among ties): inverse permutation
const position = (by, descending) =>
  pl.intRange(0, pl.len()).sortBy({ by, descending }).argSort().cast(pl.Int64);

// floor division for any sign of net: remainder in [0, frequency)
const rem = col('net').modulo(col('frequency')).add(col('frequency')).modulo(col('frequency'));
const quot = col('net').sub(rem).div(col('frequency')).cast(pl.Int64);
const frac = rem.cast(pl.Float64).div(col('frequency').cast(pl.Float64));

c = c.withColumns(
  quot.alias('quot'),
  frac.alias('frac'),
  idiv(col('net').abs().add(col('frequency').mul(ilit(50))), col('frequency').mul(ilit(100))).alias('cents'),
);
c = c.withColumns(
  score(position([col('recency_days'), col('customer_id')], [false, false])).cast(pl.Int64).alias('r'),
  score(position([col('frequency'), col('customer_id')], [true, false])).cast(pl.Int64).alias('f'),
  score(position([col('quot'), col('frac'), col('customer_id')], [true, true, false])).cast(pl.Int64).alias('m'),
);

const seg = (r, f) => {
  if (r === 5 && f >= 4) return 'Champions';
  if ((r === 3 || r === 4) && f >= 4) return 'Loyal';
  if (r >= 4 && (f === 2 || f === 3)) return 'Potential loyalists';
  if (r === 5 && f === 1) return 'New';
  if (r === 4 && f === 1) return 'Promising';
  if (r === 3 && f === 3) return 'Need attention';
  if (r === 3 && f <= 2) return 'About to sleep';
  if (r <= 2 && f === 5) return "Can't lose them";
  if (r <= 2 && f >= 3) return 'At risk';
  return 'Hibernating';
};
const segTable = [];
for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) segTable.push({ rf: r * 10 + f, segment: seg(r, f) });
const segDf = pl.DataFrame({
  rf: segTable.map((x) => x.rf),
  segment: segTable.map((x) => x.segment),
  // the stable key beside the label (docs/rfm.md)
  segment_key: segTable.map((x) => x.segment.toLowerCase().replace("'", '').replaceAll(' ', '_')),
}).withColumns(col('rf').cast(pl.Int64));

const result = c
  .withColumns(col('r').mul(ilit(10)).add(col('f')).alias('rf'))
  .join(segDf, { on: 'rf', how: 'left' })
  .sort('customer_id')
  .select(
    col('customer_id'),
    col('recency_days'),
    col('frequency'),
    pl.concatString(
      [
        pl.when(col('net').lt(ilit(0)).and(col('cents').gt(ilit(0)))).then(lit('-')).otherwise(lit('')),
        idiv(col('cents'), ilit(100)).cast(pl.Utf8),
        lit('.'),
        col('cents').modulo(ilit(100)).cast(pl.Utf8).str.padStart(2, '0'),
      ],
      '',
    ).alias('monetary'),
    col('r'),
    col('f'),
    col('m'),
    pl.concatString([col('r').cast(pl.Utf8), col('f').cast(pl.Utf8), col('m').cast(pl.Utf8)], '').alias('rfm'),
    col('segment'),
    col('segment_key'),
  );

result.writeCSV(out, { includeHeader: true, sep: ',' });
