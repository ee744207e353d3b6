-- SPDX-License-Identifier: MIT
-- The functions on hand-worked values (docs/rfm.md): money, segments, the
-- per-customer aggregate and the scores on the page's worked example.
SET client_min_messages = warning;

-- money: num/den minor units (1/10,000), half away from zero
SELECT relmark.money_text(1050000, 1) AS "105.00",
       relmark.money_text(50, 1) AS "0.01",
       relmark.money_text(-50, 1) AS "-0.01",
       relmark.money_text(49, 1) AS "0.00",
       relmark.money_text(100000, 3) AS "3.33",
       relmark.money_text(200000, 3) AS "6.67",
       relmark.money_text(123456, 1, 4) AS "12.3456",
       relmark.money_text(125000, 1, 0) AS "13";

-- the two shipped maps (docs/rfm.md, "Segments"); M takes any score
SELECT r, f, relmark.rfm_segment(r, f, 3) AS rfm10,
       relmark.rfm_segment_key(r, f, 3) AS key,
       relmark.rfm_segment(r, f, 1, 'rfm10', 'ru') AS ru,
       relmark.rfm_segment(r, f, 5, 'relationship') AS relationship,
       relmark.rfm_segment_key(r, f, 5, 'relationship') AS rel_key
FROM (VALUES (5, 5), (5, 4), (4, 4), (3, 5), (4, 2), (5, 3), (5, 1), (4, 1), (3, 3),
             (3, 2), (3, 1), (2, 3), (1, 4), (2, 5), (1, 5), (2, 2), (1, 1)) AS v(r, f);

-- docs/rfm.md's worked example: tests/cli/data/orders.csv as of 2026-06-30
CREATE TABLE orders (customer_id text, invoice_id text, order_date date, amount numeric);
\copy orders FROM 'test/tmp/orders.csv' WITH (FORMAT csv, HEADER)
SELECT customer_id, (relmark.customer_agg(invoice_id, order_date, amount)).*
FROM orders GROUP BY customer_id ORDER BY customer_id;

-- F under both tie policies: the page's table (C07 5; C01 and C02 split 5
-- and 4, keep 4 and 4; the six one-time buyers keep 1)
WITH p AS (
    SELECT customer_id, (s).frequency AS frequency, (s).net_minor AS net,
           ('2026-06-30'::date - (s).last_purchase) AS recency_days
    FROM (SELECT customer_id, relmark.customer_agg(invoice_id, order_date, amount) AS s
          FROM orders GROUP BY customer_id) c
    WHERE (s).frequency > 0
), h AS (SELECT relmark.rfm_cutoffs(recency_days, frequency, net, frequency) AS cut FROM p)
SELECT customer_id, frequency,
       relmark.rfm_score(cut, 'f', frequency, 1, 5, 'split',
           row_number() OVER (PARTITION BY frequency ORDER BY customer_id) - 1) AS split_f,
       relmark.rfm_score(cut, 'f', frequency, 1, 5, 'keep') AS keep_f,
       recency_days, relmark.rfm_score(cut, 'r', recency_days, 1) AS keep_r,
       relmark.cutoffs_customers(cut) AS n
FROM p, h ORDER BY frequency DESC, customer_id;

-- the documented query against the CLI, byte for byte, both tie policies
\set as_of 2026-06-30
\set ties keep
\o test/tmp/pg_orders_keep.csv
\set ECHO none
\i sql/rfm.sql
\set ECHO all
\o
\pset format aligned
\! cmp test/tmp/pg_orders_keep.csv test/tmp/orders_keep.csv && echo "orders, ties keep: identical to relmark rfm"
\set ties split
\o test/tmp/pg_orders_split.csv
\set ECHO none
\i sql/rfm.sql
\set ECHO all
\o
\pset format aligned
\! cmp test/tmp/pg_orders_split.csv test/tmp/orders_split.csv && echo "orders, ties split: identical to relmark rfm"

-- refused arguments
SELECT relmark.rfm_segment(6, 1, 1);
SELECT relmark.rfm_segment(1, 1, 1, 'rfm11');
SELECT relmark.rfm_segment(1, 1, 1, 'rfm10', 'de');
SELECT relmark.money_text(1, 0);
SELECT relmark.money_text(1, 1, 5);
WITH h AS (SELECT relmark.rfm_cutoffs(1, 1, 100, 1) AS cut)
SELECT relmark.rfm_score(cut, 'x', 1, 1) FROM h;
WITH h AS (SELECT relmark.rfm_cutoffs(1, 1, 100, 1) AS cut)
SELECT relmark.rfm_score(cut, 'r', 1, 1, 5, 'random') FROM h;
WITH h AS (SELECT relmark.rfm_cutoffs(1, 1, 100, 1) AS cut)
SELECT relmark.rfm_score(cut, 'r', 1, 1, 10) FROM h;
WITH h AS (SELECT relmark.rfm_cutoffs(1, 1, 100, 1) AS cut)
SELECT relmark.rfm_score(cut, 'r', 2, 1) FROM h;
WITH h AS (SELECT relmark.rfm_cutoffs(1, 1, 100, 1) AS cut)
SELECT relmark.rfm_score(cut, 'r', 1, 1, 5, 'split', 1) FROM h;
SELECT relmark.rfm_score('\x00'::bytea, 'r', 1, 1);
SELECT relmark.rfm_cutoffs(-1, 1, 100, 1);
SELECT relmark.rfm_cutoffs(1, 0, 100, 1);
DROP TABLE orders;
