-- SPDX-License-Identifier: MIT
-- The customer ladder in SQL (docs/postgres.md, "The ladder"): the rule at
-- its boundaries (hand-worked, docs/stages.md), then sql/stages.sql with
-- parallel plans forced equal to `relmark stages --format csv`'s columns
-- byte for byte: CDNOW at three dates, generated rows, and the B2B sample
-- with its clients, feedback and the rating (sql/rating.sql) at two dates
-- and with other thresholds.
SET client_min_messages = warning;
-- no purchase: by status; a median interval of 10 days x 3 = 30: recency 30
-- is not beyond, 31 passive, 60 passive, 61 former (2 x 30); a fixed
-- lapse_days = 30: the same bounds with factor 1; one purchase; two; three
-- in one quarter (repeat), in two (client); bond or top category: partner;
-- NPS 9 or a referral: friend; NPS 8: client; no median: no one lapses
SELECT t.case, relmark.ladder_stage(p, rec, q, 10, 1, st, bond, top, nps, refs, lapse_days => ld)
FROM (VALUES
    ('no purchase, no status', 0::bigint, NULL::int, NULL::int, NULL::text, NULL::boolean, NULL::boolean, NULL::int, NULL::bigint, 0),
    ('no purchase, lead', 0, NULL, NULL, 'lead', NULL, NULL, NULL, NULL, 0),
    ('no purchase, qualified', 0, NULL, NULL, 'qualified', NULL, NULL, NULL, NULL, 0),
    ('no purchase, disqualified', 0, NULL, NULL, 'неперспективный', NULL, NULL, NULL, NULL, 0),
    ('purchase, disqualified', 1, 5, 1, 'disqualified', NULL, NULL, NULL, NULL, 0),
    ('recency 30 = 3 x 10', 5, 30, 2, NULL, NULL, NULL, NULL, NULL, 0),
    ('recency 31', 5, 31, 2, NULL, NULL, NULL, NULL, NULL, 0),
    ('recency 60', 5, 60, 2, NULL, NULL, NULL, NULL, NULL, 0),
    ('recency 61', 5, 61, 2, NULL, NULL, NULL, NULL, NULL, 0),
    ('fixed 30, recency 30', 5, 30, 2, NULL, NULL, NULL, NULL, NULL, 30),
    ('fixed 30, recency 31', 5, 31, 2, NULL, NULL, NULL, NULL, NULL, 30),
    ('fixed 30, recency 61', 5, 61, 2, NULL, NULL, NULL, NULL, NULL, 30),
    ('one purchase', 1, 0, 1, NULL, true, true, 10, 5, 0),
    ('two purchases', 2, 0, 2, NULL, true, true, 10, 5, 0),
    ('three, one quarter', 3, 0, 1, NULL, NULL, NULL, NULL, NULL, 0),
    ('three, two quarters', 3, 0, 2, NULL, NULL, NULL, NULL, NULL, 0),
    ('bond', 3, 0, 2, NULL, true, NULL, 10, NULL, 0),
    ('top category', 3, 0, 2, NULL, false, true, NULL, NULL, 0),
    ('NPS 9', 3, 0, 2, NULL, false, false, 9, 0, 0),
    ('NPS 8', 3, 0, 2, NULL, false, false, 8, 0, 0),
    ('a referral', 3, 0, 2, NULL, NULL, NULL, 8, 1, 0)
) AS t("case", p, rec, q, st, bond, top, nps, refs, ld);
SELECT relmark.ladder_stage(3, 10000, 2, NULL, NULL) AS no_median,
       relmark.ladder_stage(3, 29, 2, 10, 1, former_factor => 1, lapse_factor => 2) AS former_x1,
       relmark.ladder_stage(5, 0, 1, 10, 1, client_quarters => 1, client_purchases => 5) AS opts;
SELECT relmark.stage_name('friend', 'ru') AS ru, relmark.stage_name('first_time') AS en,
       relmark.stage_phase('passive') AS phase, relmark.stage_name('nobody') IS NULL AS unknown;
-- the CLI's bounds; NULL purchases
SELECT relmark.ladder_stage(3, 0, 2, 10, 1, lapse_factor => 0);
SELECT relmark.ladder_stage(3, 0, 2, 10, 1, client_quarters => 5);
SELECT relmark.ladder_stage(NULL, 0, 2, 10, 1);
SELECT relmark.ladder_stage(3, 0, 2, 10, 1, status => 'vip');

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SET force_parallel_mode = regress;
CREATE TABLE orders (customer_id text, invoice_id text, order_date date, amount numeric);
\copy orders FROM 'test/tmp/cdnow.csv' WITH (FORMAT csv, HEADER)
ANALYZE orders;
\set ECHO none
\set as_of 1998-06-30
\o test/tmp/pg_cdnow_stages_1998-06-30.csv
\i sql/stages.sql
\o
\set as_of 1997-09-30
\o test/tmp/pg_cdnow_stages_1997-09-30.csv
\i sql/stages.sql
\o
\set as_of 1997-02-15
\o test/tmp/pg_cdnow_stages_1997-02-15.csv
\i sql/stages.sql
\o
TRUNCATE orders;
\copy orders FROM 'test/tmp/gen.csv' WITH (FORMAT csv, HEADER)
\set as_of 2026-06-30
\o test/tmp/pg_gen_stages.csv
\i sql/stages.sql
\o
\pset format aligned
\set ECHO all
\! for d in 1998-06-30 1997-09-30 1997-02-15; do cmp test/tmp/pg_cdnow_stages_$d.csv test/tmp/cdnow_stages_$d.csv && echo "CDNOW at $d: identical to relmark stages"; done
\! cmp test/tmp/pg_gen_stages.csv test/tmp/gen_stages.csv && echo "generated rows: identical to relmark stages"

-- the B2B sample: clients, feedback (seq: the file's order), the rating
\i test/b2b_load.sql
CREATE VIEW b2b_orders AS
SELECT customer_id, invoice_id, invoice_date AS order_date, amount FROM invoices;
\set ECHO none
\set orders b2b_orders
\set clients clients
\set feedback feedback
\set rating rated
\set as_of 2026-06-30
\o test/tmp/pg_b2b_rated.csv
\i sql/rating.sql
\o
\copy rated FROM 'test/tmp/pg_b2b_rated.csv' WITH (FORMAT csv, HEADER)
\pset format aligned
\set ECHO all
-- the per-customer states: partial aggregates in the workers (with about
-- 100 rows a client; on CDNOW's 3 the planner sorts the parallel scan's
-- rows and aggregates once, which is parallel too)
\set ECHO none
\set explain 'EXPLAIN (COSTS OFF)'
\i sql/stages.sql
\unset explain
\pset format aligned
\set ECHO all
\set ECHO none
\o test/tmp/pg_b2b_stages_2026-06-30.csv
\i sql/stages.sql
\o
\set b2b 1
\set lapse_days 60
\set former_factor 3
\set client_quarters 3
\set friend_nps 8
\o test/tmp/pg_b2b_stages_opts.csv
\i sql/stages.sql
\o
\set b2b 0
\set lapse_days 0
\set former_factor 2
\set client_quarters 2
\set friend_nps 9
TRUNCATE rated;
\set as_of 2025-03-31
\o test/tmp/pg_b2b_rated.csv
\i sql/rating.sql
\o
\copy rated FROM 'test/tmp/pg_b2b_rated.csv' WITH (FORMAT csv, HEADER)
\o test/tmp/pg_b2b_stages_2025-03-31.csv
\i sql/stages.sql
\o
\pset format aligned
\set ECHO all
\! for f in b2b_stages_2026-06-30 b2b_stages_2025-03-31 b2b_stages_opts; do cmp test/tmp/pg_$f.csv test/tmp/$f.csv && echo "$f: identical to relmark stages"; done
-- every stage of the ladder is in the comparison
CREATE TABLE staged (customer_id text, stage text, phase text, purchases bigint,
                     first_purchase date, last_purchase date, recency_days int,
                     active_quarters int);
\copy staged FROM 'test/tmp/pg_b2b_stages_2026-06-30.csv' WITH (FORMAT csv, HEADER)
\copy staged FROM 'test/tmp/pg_b2b_stages_2025-03-31.csv' WITH (FORMAT csv, HEADER)
SELECT stage, count(*) FROM staged GROUP BY stage ORDER BY stage;
DROP TABLE staged, rated, feedback, clients, invoices, orders CASCADE;
