-- SPDX-License-Identifier: MIT
-- A generated table of 1,000,000 rows over about 167,000 customers
-- (test/gen.sh 1000000 200000: text and numeric invoices, returns, rows after
-- the as-of date, shuffled) with parallel plans forced: rfm.sql under both
-- tie policies, stages.sql and rating.sql equal to the CLI's output byte
-- for byte, and the per-customer aggregate partial in the workers.
SET client_min_messages = warning;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SET force_parallel_mode = regress;
CREATE TABLE orders (customer_id text, invoice_id text, order_date date, amount numeric);
\copy orders FROM 'test/tmp/gen1m.csv' WITH (FORMAT csv, HEADER)
ANALYZE orders;
SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers FROM orders;
EXPLAIN (COSTS OFF)
SELECT customer_id, relmark.customer_agg(invoice_id, order_date, amount)
FROM orders GROUP BY customer_id;
\set as_of 2026-06-30
\set ECHO none
\set ties keep
\o test/tmp/pg_gen1m_keep.csv
\i sql/rfm.sql
\o
\set ties split
\o test/tmp/pg_gen1m_split.csv
\i sql/rfm.sql
\o
\o test/tmp/pg_gen1m_stages.csv
\i sql/stages.sql
\o
CREATE VIEW gen_invoices AS
SELECT customer_id, invoice_id, order_date AS invoice_date, amount, NULL::date AS due_date,
       NULL::date AS paid_date, NULL::boolean AS prepaid FROM orders;
\set invoices gen_invoices
\o test/tmp/pg_gen1m_rate.csv
\i sql/rating.sql
\o
\pset format aligned
\set ECHO all
\! for f in gen1m_keep gen1m_split gen1m_stages gen1m_rate; do cmp test/tmp/pg_$f.csv test/tmp/$f.csv && echo "$f: identical to the CLI ($(($(wc -l < test/tmp/$f.csv) - 1)) rows)"; done
DROP VIEW gen_invoices;
DROP TABLE orders;
