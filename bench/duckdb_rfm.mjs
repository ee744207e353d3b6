// RFM scoring with DuckDB (npm @duckdb/node-api) -- peer implementation for
// the relmark benchmark.
//
//   node bench/duckdb_rfm.mjs INPUT.csv OUTPUT.csv
//
// Computes exactly the job defined in bench/README.md ("The job") and writes
// the same bytes relmark writes.  Exactness notes:
//  * amounts are read as DECIMAL(18,4) (exact, no float); sums are DECIMAL
//    and are turned into HUGEINT ten-thousandths ("units");
//  * the monetary order key is trunc(units * 10^18 / frequency) in HUGEINT:
//    two different ratios net/frequency differ by >= 1/(F1*F2) units, i.e. by
//    >= 10^18/(F1*F2) >= 2 after scaling, so the key orders them exactly
//    (equal ratios give equal keys) for any frequency below ~7*10^8;
//  * the monetary text is integer round-half-away-from-zero of
//    units / (100 * frequency).
import { DuckDBInstance } from '@duckdb/node-api';

if (process.argv.length !== 4) {
  console.error('usage: node duckdb_rfm.mjs INPUT.csv OUTPUT.csv');
  process.exit(2);
}
const [src, out] = process.argv.slice(2);
const q = (s) => `'${s.replaceAll("'", "''")}'`;

const sql = `
COPY (
  WITH per AS (
    SELECT customer_id,
           count(DISTINCT invoice_id) FILTER (WHERE amount >= 0) AS frequency,
           max(date) FILTER (WHERE amount >= 0)                  AS last_buy,
           max(date)                                             AS last_any,
           CAST(sum(amount) * 10000 AS HUGEINT)                  AS units
    FROM read_csv(${q(src)},
                  header = true, auto_detect = false, delim = ',', quote = '"',
                  columns = {'customer_id': 'VARCHAR', 'invoice_id': 'VARCHAR',
                             'date': 'DATE', 'amount': 'DECIMAL(18,4)'})
    GROUP BY customer_id
  ),
  c AS (
    SELECT customer_id, frequency, units,
           CAST(max(last_any) OVER () - last_buy AS BIGINT) AS recency_days,
           (abs(units) + 50 * frequency) // (100 * frequency) AS cents
    FROM per
  ),
  s AS (
    SELECT *,
      6 - ntile(5) OVER (ORDER BY recency_days ASC, customer_id ASC) AS r,
      6 - ntile(5) OVER (ORDER BY frequency DESC, customer_id ASC) AS f,
      6 - ntile(5) OVER (ORDER BY (units * CAST(1000000000000000000 AS HUGEINT)) // frequency DESC,
                                  customer_id ASC) AS m
    FROM c
    WHERE frequency > 0
  )
  SELECT customer_id,
         recency_days,
         frequency,
         CASE WHEN units < 0 AND cents > 0 THEN '-' ELSE '' END
           || CAST(cents // 100 AS VARCHAR) || '.'
           || lpad(CAST(cents % 100 AS VARCHAR), 2, '0') AS monetary,
         r, f, m,
         CAST(r AS VARCHAR) || CAST(f AS VARCHAR) || CAST(m AS VARCHAR) AS rfm,
         CASE
           WHEN r = 5 AND f >= 4 THEN 'Champions'
           WHEN r IN (3, 4) AND f >= 4 THEN 'Loyal'
           WHEN r >= 4 AND f IN (2, 3) THEN 'Potential loyalists'
           WHEN r = 5 AND f = 1 THEN 'New'
           WHEN r = 4 AND f = 1 THEN 'Promising'
           WHEN r = 3 AND f = 3 THEN 'Need attention'
           WHEN r = 3 AND f <= 2 THEN 'About to sleep'
           WHEN r <= 2 AND f = 5 THEN 'Can''t lose them'
           WHEN r <= 2 AND f >= 3 THEN 'At risk'
           ELSE 'Hibernating'
         END AS segment,
         CASE
           WHEN r = 5 AND f >= 4 THEN 'champions'
           WHEN r IN (3, 4) AND f >= 4 THEN 'loyal'
           WHEN r >= 4 AND f IN (2, 3) THEN 'potential_loyalists'
           WHEN r = 5 AND f = 1 THEN 'new'
           WHEN r = 4 AND f = 1 THEN 'promising'
           WHEN r = 3 AND f = 3 THEN 'need_attention'
           WHEN r = 3 AND f <= 2 THEN 'about_to_sleep'
           WHEN r <= 2 AND f = 5 THEN 'cant_lose_them'
           WHEN r <= 2 AND f >= 3 THEN 'at_risk'
           ELSE 'hibernating'
         END AS segment_key
  FROM s
  ORDER BY customer_id
) TO ${q(out)} (FORMAT csv, HEADER true, DELIMITER ',', NEW_LINE '\\n')
`;

const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
// binary (byte-order) collation for customer_id, whatever the defaults are
await con.run("SET default_collation = ''");
await con.run(sql);
