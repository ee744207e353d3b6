-- SPDX-License-Identifier: MIT
-- The client rating scale in SQL (docs/postgres.md, "The rating"): the
-- functions at their boundaries (hand-worked, docs/rating.md), then
-- sql/rating.sql with parallel plans forced equal to `relmark rate --format
-- csv` byte for byte: the B2B sample with and without its clients, in
-- Russian at another date, with a scale of 18 months and 7 days' grace;
-- generated rows (text invoices, returns) and CDNOW without payment columns.
SET client_min_messages = warning;
-- the month-end rule; months of cooperation (docs/rating.md's examples)
SELECT relmark.add_months('2026-02-28', -1) AS feb_end_back, relmark.add_months('2026-01-31', 1) AS jan_end_on,
       relmark.add_months('2024-02-29', -12) AS leap_back,
       relmark.months_completed('2026-01-01', '2026-06-30') AS six,
       relmark.months_completed('2026-01-02', '2026-06-30') AS five,
       relmark.months_completed('2026-07-01', '2026-06-30') AS later;
-- the window's months: (as_of - 12 months, as_of]; -1 outside
SELECT relmark.window_month('2026-06-30', 12, '2025-06-30') AS before,
       relmark.window_month('2026-06-30', 12, '2025-07-01') AS first,
       relmark.window_month('2026-06-30', 12, '2026-06-30') AS last,
       relmark.window_month('2026-06-30', 12, '2026-07-01') AS after;
-- an invoice's class at 2026-06-30: flagged, paid on the day, on time, on
-- the last day of 7 days' grace, a day late, unpaid and due, unpaid and not
-- yet due, paid after the as-of date (unpaid then), nothing known
SELECT relmark.invoice_payment('2026-05-01', '2026-05-31', NULL, true, '2026-06-30') AS flagged,
       relmark.invoice_payment('2026-05-01', '2026-05-31', '2026-05-01', false, '2026-06-30') AS same_day,
       relmark.invoice_payment('2026-05-01', '2026-05-31', '2026-05-31', false, '2026-06-30') AS on_due,
       relmark.invoice_payment('2026-05-01', '2026-05-31', '2026-06-07', NULL, '2026-06-30', 7) AS grace,
       relmark.invoice_payment('2026-05-01', '2026-05-31', '2026-06-08', NULL, '2026-06-30', 7) AS late,
       relmark.invoice_payment('2026-05-01', '2026-05-31', NULL, NULL, '2026-06-30') AS unpaid_due,
       relmark.invoice_payment('2026-06-20', '2026-07-20', NULL, NULL, '2026-06-30') AS pending,
       relmark.invoice_payment('2026-05-01', '2026-05-10', '2026-07-02', NULL, '2026-06-30') AS paid_after,
       relmark.invoice_payment('2026-05-01', NULL, NULL, NULL, '2026-06-30') AS nothing;
-- the customers file's words
SELECT relmark.client_type('юрлицо') AS ru_corp, relmark.client_type(' B2C ') AS b2c,
       relmark.client_type('') IS NULL AS empty_type, relmark.client_status('Перспективный') AS qual,
       relmark.client_status('client') IS NULL AS client_none;
SELECT relmark.client_type('partner');
-- the scale's bands are lower-inclusive and exact: a share of exactly 3%
-- scores 1 (3 / 100), just under it 0; growth of exactly 10% a month
-- (last / first = 1.1^9) scores 1; no first-quarter sales: growth unknown
SELECT (v).share_pct, (v).share_points, (v).cooperation_months, (v).payment, (v).growth_pct,
       (v).growth_points, (v).total, (v).category, (v).package
FROM (VALUES
    (relmark.rate_client(30000, 1000000, 100, 100, '2025-06-30', NULL, '2026-06-30', 1, 0, 0)),
    (relmark.rate_client(29999, 1000000, 100, 100, '2025-06-30', NULL, '2026-06-30', 0, 1, 0)),
    (relmark.rate_client(200000, 1000000, 1000000000000000000, 2357947691000000000,
                         '2023-06-30', '2020-01-01', '2026-06-30', 5, 0, 1)),
    (relmark.rate_client(200000, 1000000, 1000000000000000000, 2357947690999999999,
                         '2023-06-30', NULL, '2026-06-30', 5, 0, 0)),
    (relmark.rate_client(0, 1000000, NULL, 500, NULL, '2026-07-01', '2026-06-30', 0, 0, 0, NULL, 'ru'))
) AS t(v);
-- a scale of the firm's (the INI text): 18 months, 7 days' grace; a bad one
\set scale18 `cat test/tmp/scale18.ini`
SELECT relmark.scale_window_months(:'scale18') AS months,
       relmark.scale_grace_days(:'scale18') AS grace,
       relmark.scale_window_months() AS shipped;
SELECT relmark.scale_window_months('[scale]
window_months = 3');
-- NULLs: an amount or an invoice date is required, as in a file
SELECT relmark.minor_units(NULL);
SELECT relmark.window_month('2026-06-30', 12, NULL);

-- the documented query, parallel plans forced
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SET force_parallel_mode = regress;
\i test/b2b_load.sql
-- the per-client sums: partial aggregates in the workers
\set ECHO none
\set explain 'EXPLAIN (COSTS OFF)'
\set clients clients
\i sql/rating.sql
\unset explain
\pset format aligned
\set ECHO all
\set ECHO none
\unset clients
\o test/tmp/pg_b2b_rate.csv
\i sql/rating.sql
\o
\set clients clients
\o test/tmp/pg_b2b_rate_clients.csv
\i sql/rating.sql
\o
\set as_of 2025-02-28
\set lang ru
\o test/tmp/pg_b2b_rate_ru.csv
\i sql/rating.sql
\o
\set as_of 2024-12-15
\set lang en
\set decimals 4
\set scale :scale18
\o test/tmp/pg_b2b_rate_scale18.csv
\i sql/rating.sql
\o
\unset scale
\unset decimals
\set as_of 2025-03-31
\o test/tmp/pg_b2b_rate_2025.csv
\i sql/rating.sql
\o
\unset clients
\pset format aligned
\set ECHO all
\! cmp test/tmp/pg_b2b_rate.csv test/tmp/b2b_rate.csv && echo "B2B: identical to relmark rate"
\! cmp test/tmp/pg_b2b_rate_clients.csv test/tmp/b2b_rate_clients.csv && echo "B2B with clients: identical to relmark rate --customers"
\! cmp test/tmp/pg_b2b_rate_ru.csv test/tmp/b2b_rate_ru.csv && echo "B2B, 2025-02-28, ru: identical"
\! cmp test/tmp/pg_b2b_rate_scale18.csv test/tmp/b2b_rate_scale18.csv && echo "B2B, a scale of 18 months and 7 days' grace: identical"
\! cmp test/tmp/pg_b2b_rate_2025.csv test/tmp/b2b_rate_2025.csv && echo "B2B, 2025-03-31: identical"
-- every category and payment class is in the comparison
\copy rated FROM 'test/tmp/pg_b2b_rate_clients.csv' WITH (FORMAT csv, HEADER)
SELECT category_key, payment_key, count(*), min(total) AS min_total, max(total) AS max_total,
       count(growth_pct) AS growth_known
FROM rated GROUP BY 1, 2 ORDER BY 1, 2;
TRUNCATE rated;
-- rows without payment columns: generated (text invoices, returns, rows
-- after the as-of date) and CDNOW
CREATE TABLE orders (customer_id text, invoice_id text, order_date date, amount numeric);
\copy orders FROM 'test/tmp/gen.csv' WITH (FORMAT csv, HEADER)
CREATE VIEW gen_invoices AS
SELECT customer_id, invoice_id, order_date AS invoice_date, amount, NULL::date AS due_date,
       NULL::date AS paid_date, NULL::boolean AS prepaid FROM orders;
\set ECHO none
\set invoices gen_invoices
\set as_of 2026-06-30
\o test/tmp/pg_gen_rate.csv
\i sql/rating.sql
\o
TRUNCATE orders;
\copy orders FROM 'test/tmp/cdnow.csv' WITH (FORMAT csv, HEADER)
\set as_of 1997-12-31
\o test/tmp/pg_cdnow_rate.csv
\i sql/rating.sql
\o
\pset format aligned
\set ECHO all
\! cmp test/tmp/pg_gen_rate.csv test/tmp/gen_rate.csv && echo "generated rows: identical to relmark rate"
\! cmp test/tmp/pg_cdnow_rate.csv test/tmp/cdnow_rate.csv && echo "CDNOW: identical to relmark rate"
-- an empty table rates no one
TRUNCATE orders;
\set ECHO none
\o test/tmp/pg_empty_rate.csv
\i sql/rating.sql
\o
\pset format aligned
\set ECHO all
\! cat test/tmp/pg_empty_rate.csv
DROP VIEW gen_invoices;
DROP TABLE orders;
DROP TABLE clients, invoices, feedback, rated;
