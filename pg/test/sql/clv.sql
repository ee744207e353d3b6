-- SPDX-License-Identifier: MIT
-- Lifetime value (docs/clv.md): the per-customer summary by hand on a few
-- rows, then the fits of sql/clv_fit.sql on CDNOW with parallel plans forced,
-- equal to `relmark clv --summary --format json` on the same rows (the
-- params and spend objects and the left-out counts, byte for byte).
SET client_min_messages = warning;
CREATE TABLE t (customer_id text, day date, amount numeric);
-- A: purchase days 01-05 (10 + 5, and a return of 3 the same day: net 12),
--    01-09 (7), 01-20 (a zero amount: a free order is a purchase, net 0);
--    a return on 01-12 (no purchase day, in no mean): x 2, repeat net 7.
-- B: one purchase day: x 0, repeat net 0.  C: returns only: NULL.
INSERT INTO t VALUES ('A', '2026-01-05', 10), ('A', '2026-01-05', 5), ('A', '2026-01-05', -3),
    ('A', '2026-01-12', -4), ('A', '2026-01-09', 7), ('A', '2026-01-20', 0),
    ('B', '2026-02-01', 20.5), ('C', '2026-01-03', -2);
SELECT customer_id, (relmark.clv_customer_agg(day, amount)).* FROM t GROUP BY customer_id ORDER BY 1;
-- the summaries and a fit's refusals
SELECT relmark.clv_fit(relmark.clv_summaries(1, 3, 2, 0));
SELECT relmark.clv_fit(relmark.clv_summaries(0, 1, 2, 0));
SELECT relmark.clv_fit(relmark.clv_summaries(x, 0, 0, 0)) FROM (SELECT 1 AS x WHERE false) e;
SELECT relmark.clv_fit(relmark.clv_summaries(1, 1, 2, 10000), 'lifetimes');
SELECT relmark.clv_fit(relmark.clv_summaries(1, 1, 2, 10000), 'bgnbd', 'year');
SELECT relmark.clv_fit(relmark.clv_summaries(1, 1, 2, 10000), 'bgnbd', 'week', -1);
DROP TABLE t;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SET force_parallel_mode = regress;
CREATE TABLE orders (customer_id text, invoice_id text, order_date date, amount numeric);
\copy orders FROM 'test/tmp/cdnow.csv' WITH (FORMAT csv, HEADER)
ANALYZE orders;
\set as_of 1997-09-30
-- the plan (CDNOW has few rows a customer: PostgreSQL aggregates them above the
-- Gather; parallel.sql shows the per-customer state partial in the workers)
\set explain 'EXPLAIN (COSTS OFF)'
\set ECHO none
\i sql/clv_fit.sql
\set ECHO all
\pset format aligned
\pset tuples_only off
\set explain ''
\o test/tmp/pg_clv_bgnbd.json
\set ECHO none
\i sql/clv_fit.sql
\set ECHO all
\o
\set model paretonbd
\set unit month
\o test/tmp/pg_clv_pnbd.json
\set ECHO none
\i sql/clv_fit.sql
\set ECHO all
\o
\unset model
\unset unit
\set penalizer 0.001
\o test/tmp/pg_clv_pen.json
\set ECHO none
\i sql/clv_fit.sql
\set ECHO all
\o
\pset format aligned
\pset tuples_only off
\! sh test/clv_same.sh test/tmp/pg_clv_bgnbd.json test/tmp/cdnow_clv_bgnbd.json && echo "CDNOW, BG/NBD in weeks: the fit identical to relmark clv"
\! sh test/clv_same.sh test/tmp/pg_clv_pnbd.json test/tmp/cdnow_clv_pnbd.json && echo "CDNOW, Pareto/NBD in months: the fit identical to relmark clv"
\! sh test/clv_same.sh test/tmp/pg_clv_pen.json test/tmp/cdnow_clv_pen.json && echo "CDNOW, BG/NBD with --penalizer 0.001: the fit identical to relmark clv"
DROP TABLE orders;
