-- SPDX-License-Identifier: MIT
-- RFM of every customer of orders(customer_id, invoice_id, order_date, amount)
-- as of :as_of, printed exactly as `relmark rfm --format csv --as-of AS_OF`
-- prints the same rows (5 groups, monetary = average purchase value):
--
--   psql -X -q -v ON_ERROR_STOP=1 -v as_of=1998-06-30 [-v ties=split]
--        [-v segments=relationship] -f pg/sql/rfm.sql -o rfm.csv
--
-- ties: keep (default) or split; segments: rfm10 (default) or relationship.
-- -v explain='EXPLAIN (COSTS OFF)' prints the plan instead. docs/postgres.md
-- says what runs where: customer_agg and rfm_cutoffs in parallel workers
-- (partial states combined by the leader), the scores per customer.
\if :{?as_of}
\else
DO $$ BEGIN RAISE EXCEPTION 'rfm.sql: give the as-of date: psql -v as_of=YYYY-MM-DD'; END $$;
\endif
\if :{?ties}
\else
\set ties keep
\endif
\if :{?segments}
\else
\set segments rfm10
\endif
\if :{?explain}
\else
\set explain ''
\endif
\pset format csv
:explain
WITH c AS (
    -- one state per customer; rows after the as-of date are left out as the
    -- CLI leaves them (a NULL date stays: customer_agg reports it), and rows
    -- with an empty customer id are guest rows, left out
    SELECT customer_id::text AS customer_id,
           relmark.customer_agg(invoice_id::text, order_date, amount) AS s
    FROM orders
    WHERE NOT coalesce(order_date > :'as_of'::date, false)
      AND coalesce(customer_id::text, '') <> ''
    GROUP BY customer_id
), p AS (
    -- the scored customers: a purchase on or before the as-of date
    SELECT customer_id, (:'as_of'::date - (s).last_purchase)::integer AS recency_days,
           (s).frequency AS frequency, (s).net_minor AS net
    FROM c
    WHERE (s).frequency > 0
), h AS (
    SELECT relmark.rfm_cutoffs(recency_days, frequency, net, frequency) AS cut FROM p
), k AS (
    -- tie_rank: the place by id among the customers of the same value (split);
    -- monetary values are equal when their reduced fractions are
    SELECT p.*,
           row_number() OVER (PARTITION BY recency_days ORDER BY customer_id COLLATE "C") - 1
               AS r_rank,
           row_number() OVER (PARTITION BY frequency ORDER BY customer_id COLLATE "C") - 1
               AS f_rank,
           row_number() OVER (PARTITION BY net / gcd(net, frequency),
                                           frequency / gcd(net, frequency)
                              ORDER BY customer_id COLLATE "C") - 1 AS m_rank
    FROM p
), s AS (
    -- the scores: the cut-offs joined last, so that no sort carries them
    SELECT k.*,
           relmark.rfm_score(h.cut, 'r', recency_days, 1, 5, :'ties', r_rank) AS r,
           relmark.rfm_score(h.cut, 'f', frequency, 1, 5, :'ties', f_rank) AS f,
           relmark.rfm_score(h.cut, 'm', net, frequency, 5, :'ties', m_rank) AS m
    FROM k CROSS JOIN h
)
SELECT customer_id, recency_days, frequency, relmark.money_text(net, frequency, 2) AS monetary,
       r, f, m, format('%s%s%s', r, f, m) AS rfm,
       relmark.rfm_segment(r, f, m, :'segments') AS segment,
       relmark.rfm_segment_key(r, f, m, :'segments') AS segment_key
FROM s
ORDER BY customer_id COLLATE "C";
