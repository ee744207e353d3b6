-- SPDX-License-Identifier: MIT
-- Edge rows (docs/rfm.md, docs/input.md): empty tables, NULLs, overflow,
-- invoice text, rounding, returns. Expected values worked by hand.
SET client_min_messages = warning;
CREATE TABLE t (customer_id text, invoice_id text, order_date date, amount numeric);

-- an empty table: no customer, no cut-offs; the documented query prints its header only
SELECT relmark.customer_agg(invoice_id, order_date, amount) FROM t;
SELECT relmark.rfm_cutoffs(1, 1, 1, 1) FROM t;
CREATE TABLE orders (customer_id text, invoice_id text, order_date date, amount numeric);
\set as_of 2026-06-30
\set ECHO none
\i sql/rfm.sql
\set ECHO all
\pset format aligned

-- invoice text: blanks (spaces) trimmed, compared byte for byte; empty or
-- NULL = the purchase is the (customer, day)
INSERT INTO t VALUES
    ('A', 'X1', '2026-01-01', 10),    -- purchase X1
    ('A', ' X1 ', '2026-01-05', 10),  -- X1 again (spaces trimmed), a later day
    ('A', 'x1', '2026-01-05', 10),    -- x1: another purchase (case counts)
    ('A', '007', '2026-01-05', 10),   -- 007
    ('A', '7', '2026-01-05', 10),     -- 7 is not 007
    ('A', '', '2026-01-07', 10),      -- (A, 01-07)
    ('A', '   ', '2026-01-07', 10),   -- the same (A, 01-07)
    ('A', NULL, '2026-01-07', 10),    -- the same again
    ('A', NULL, '2026-01-08', 10),    -- (A, 01-08)
    ('A', 'X1', '2026-01-09', -30),   -- a return: net only, no day, no purchase
    ('A', 'R9', '2026-02-01', -5),    -- a new invoice on a return: no purchase
    ('B', 'X1', '2026-01-02', 1),     -- the same invoice under another customer: B's own
    ('C', 'Z', '2026-01-03', -4),     -- returns only
    ('C', NULL, '2026-01-04', -0.5);
-- A: X1, x1, 007, 7, (A,01-07), (A,01-08) = 6 purchases; net 90 - 35 = 55;
-- first 01-01, last 01-08. B: 1 purchase. C: none, net -4.5
SELECT customer_id, (relmark.customer_agg(invoice_id, order_date, amount)).*
FROM t GROUP BY customer_id ORDER BY customer_id;

-- a zero amount is a purchase; amounts round half away from zero at the 4th decimal
TRUNCATE t;
INSERT INTO t VALUES ('D', NULL, '2026-03-01', 0), ('E', NULL, '2026-03-01', 0.00005),
                     ('F', NULL, '2026-03-01', -0.00005), ('G', NULL, '2026-03-01', 1.23444999);
-- D 1 purchase net 0; E net 1 (0.0001); F returns only, net -1; G net 12344
SELECT customer_id, (relmark.customer_agg(invoice_id, order_date, amount)).*
FROM t GROUP BY customer_id ORDER BY customer_id;

-- NULL date or amount: an error, as in a file
SELECT relmark.customer_agg(NULL, NULL, 1);
SELECT relmark.customer_agg(NULL, '2026-01-01', NULL);
SELECT relmark.customer_agg(NULL, 'infinity', 1);
SELECT relmark.customer_agg(NULL, '2026-01-01', 'NaN');
-- the documented query keeps a NULL date in, so the error is reported
INSERT INTO orders VALUES ('N', 'I1', NULL, 5);
\set ECHO none
\i sql/rfm.sql
\set ECHO all
\pset format aligned
TRUNCATE orders;

-- overflow: an amount beyond 922,337,203,685,477.5807, and a net beyond it
SELECT relmark.customer_agg(NULL, '2026-01-01', 922337203685477.5808);
SELECT (relmark.customer_agg(NULL, '2026-01-01', a)).net_minor
FROM (VALUES (922337203685477.5807), (-922337203685477.5807)) v(a);
SELECT relmark.customer_agg(NULL, '2026-01-01', a)
FROM (VALUES (922337203685477.5807), (0.0001)) v(a);
-- -922,337,203,685,477.5808 is the 64-bit minimum: a net the library's sums
-- keep (src/core/agg.c), so the extension keeps it too
SELECT relmark.customer_agg(NULL, '2026-01-01', a)
FROM (VALUES (-922337203685477.5807), (-0.0001)) v(a);

-- the cut-offs skip rows with a NULL measure, and are exact for monetary:
-- 10/3 and 20/6 are one value, 3.33 (33300/1) below it
SELECT relmark.rfm_score(cut, 'm', 100000, 3, 5, 'keep') AS m_10_3,
       relmark.rfm_score(cut, 'm', 200000, 6, 5, 'keep') AS m_20_6,
       relmark.rfm_score(cut, 'm', 33300, 1, 5, 'keep') AS m_3_33,
       relmark.rfm_score(cut, 'm', 200000, 6, 5, 'split', 0) AS split_first,
       relmark.rfm_score(cut, 'm', 200000, 6, 5, 'split', 1) AS split_second,
       relmark.cutoffs_customers(cut) AS n
FROM (SELECT relmark.rfm_cutoffs(r, f, num, den) AS cut
      FROM (VALUES (0, 1, 100000, 3), (1, 2, 200000, 6), (2, 1, 33300, 1),
                   (NULL, 1, 5, 1), (3, 1, NULL, 1)) v(r, f, num, den)) h;
-- n = 3, positions best first: 10/3 and 20/6 at 0 and 1, 3.33 at 2; groups
-- of 3 in 5: scores 5, 4, 3. keep: both 10/3 take 4; split: 5 and 4.

-- customers with the same monetary value in a window (the cut-offs state is
-- a plain bytea: the window copies it, never changes it in place)
SELECT v, relmark.cutoffs_customers(relmark.rfm_cutoffs(0, 1, v, 1) OVER (ORDER BY v))
FROM generate_series(1, 4) v;
DROP TABLE t, orders;
