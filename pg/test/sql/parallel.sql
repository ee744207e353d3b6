-- SPDX-License-Identifier: MIT
-- Parallel plans forced (docs/postgres.md, "What runs where"): the plans
-- asserted (Partial Aggregate under Gather), and the results on a generated,
-- shuffled file (a customer's rows in several workers: combine, serial and
-- deserial at work) equal to the CLI's, byte for byte.
SET client_min_messages = warning;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SET force_parallel_mode = regress;
CREATE TABLE orders (customer_id text, invoice_id text, order_date date, amount numeric);
\copy orders FROM 'test/tmp/gen.csv' WITH (FORMAT csv, HEADER)
ANALYZE orders;

-- the per-customer aggregate, partial in the workers
EXPLAIN (COSTS OFF)
SELECT customer_id, relmark.customer_agg(invoice_id, order_date, amount)
FROM orders GROUP BY customer_id;
-- the cut-offs over a table of customers, partial in the workers
CREATE TABLE cust AS
SELECT customer_id, (relmark.customer_agg(invoice_id, order_date, amount)).*
FROM orders WHERE order_date <= '2026-06-30' GROUP BY customer_id;
ANALYZE cust;
EXPLAIN (COSTS OFF)
SELECT relmark.rfm_cutoffs('2026-06-30' - last_purchase, frequency, net_minor, frequency)
FROM cust WHERE frequency > 0;

-- the same results with and without workers: the customers' states, and the cut-offs
CREATE TABLE cut_par AS
SELECT relmark.rfm_cutoffs('2026-06-30' - last_purchase, frequency, net_minor, frequency) AS cut
FROM cust WHERE frequency > 0;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE cust_serial AS
SELECT customer_id, (relmark.customer_agg(invoice_id, order_date, amount)).*
FROM orders WHERE order_date <= '2026-06-30' GROUP BY customer_id;
SELECT (SELECT cut FROM cut_par) =
       (SELECT relmark.rfm_cutoffs('2026-06-30' - last_purchase, frequency, net_minor, frequency)
        FROM cust WHERE frequency > 0) AS same_cutoffs;
SET max_parallel_workers_per_gather = 2;
SELECT count(*) AS customers, count(*) FILTER (WHERE frequency = 0) AS returns_only
FROM cust;
SELECT count(*) AS differ FROM (
    (TABLE cust EXCEPT TABLE cust_serial) UNION ALL (TABLE cust_serial EXCEPT TABLE cust)) d;

-- the documented query: its plan, then its output against the CLI's
\set as_of 2026-06-30
\set explain 'EXPLAIN (COSTS OFF)'
\set ECHO none
\i sql/rfm.sql
\set ECHO all
\pset format aligned
\unset explain
\set ties keep
\o test/tmp/pg_gen_keep.csv
\set ECHO none
\i sql/rfm.sql
\set ECHO all
\o
\pset format aligned
\! cmp test/tmp/pg_gen_keep.csv test/tmp/gen_keep.csv && echo "generated, ties keep: identical to relmark rfm"
\set ties split
\o test/tmp/pg_gen_split.csv
\set ECHO none
\i sql/rfm.sql
\set ECHO all
\o
\pset format aligned
\! cmp test/tmp/pg_gen_split.csv test/tmp/gen_split.csv && echo "generated, ties split: identical to relmark rfm"
\set ties keep
\set segments relationship
\o test/tmp/pg_gen_rel.csv
\set ECHO none
\i sql/rfm.sql
\set ECHO all
\o
\pset format aligned
\! cmp test/tmp/pg_gen_rel.csv test/tmp/gen_rel.csv && echo "generated, relationship groups: identical to relmark rfm"

-- lifetime value: the customers' summaries partial in the workers, and the
-- same with and without them (a customer's days in several workers: combine,
-- serial and deserial at work; the fit itself is checked on CDNOW in clv.sql:
-- these uniform random purchases identify no model)
EXPLAIN (COSTS OFF)
SELECT customer_id, relmark.clv_customer_agg(order_date, amount) FROM orders GROUP BY customer_id;
CREATE TABLE clvc AS
SELECT customer_id, (relmark.clv_customer_agg(order_date, amount)).* FROM orders GROUP BY customer_id;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE clvc_serial AS
SELECT customer_id, (relmark.clv_customer_agg(order_date, amount)).* FROM orders GROUP BY customer_id;
SET max_parallel_workers_per_gather = 2;
SELECT count(*) AS customers, count(*) FILTER (WHERE x IS NULL) AS returns_only,
       sum(x) AS repeat_days FROM clvc;
SELECT count(*) AS differ FROM (
    (TABLE clvc EXCEPT TABLE clvc_serial) UNION ALL (TABLE clvc_serial EXCEPT TABLE clvc)) d;
DROP TABLE orders, cust, cust_serial, cut_par, clvc, clvc_serial;
