-- SPDX-License-Identifier: MIT
-- The customer ladder (docs/stages.md) of every customer of
-- orders(customer_id, invoice_id, order_date, amount) and, when given,
-- clients(customer_id, type, status, referrals, structural_bond), as of
-- :as_of: the columns customer_id, stage, phase, purchases, first_purchase,
-- last_purchase, recency_days, active_quarters, exactly as
-- `relmark stages FILE [--customers F] --format csv --as-of D` prints them:
--
--   psql -X -q -v ON_ERROR_STOP=1 -v as_of=1998-06-30 [-v clients=clients]
--        [-v feedback=feedback] [-v rating=rated] [-v b2b=1]
--        [-v lapse_days=N ...] -f pg/sql/stages.sql -o stages.csv
--
-- feedback: a relation (customer_id, answered_on date, nps integer, seq
-- bigint): the latest non-empty NPS dated on or before as_of counts, of one
-- day's answers the highest seq (the CLI: the one lowest in the file).
-- rating: a relation (customer_id, category_key), e.g. pg/sql/rating.sql's
-- output at the same date: a corporate client (type corporate; b2b=1: every
-- client not marked individual) in the scale's top category (top=KEY,
-- default strategic_partner) is a partner. The thresholds: psql variables
-- of the CLI's option names with '_' (client_purchases, client_quarters,
-- lapse_days, lapse_factor, former_factor, friend_nps, friend_referrals).
\if :{?as_of}
\else
DO $$ BEGIN RAISE EXCEPTION 'stages.sql: give the as-of date: psql -v as_of=YYYY-MM-DD'; END $$;
\endif
\if :{?orders}
\else
\set orders orders
\endif
\if :{?clients}
\else
\set clients '(SELECT NULL::text AS customer_id, NULL::text AS name, NULL::text AS type, NULL::text AS status, NULL::date AS contract_start, NULL::bigint AS referrals, NULL::boolean AS structural_bond WHERE false)'
\endif
\if :{?feedback}
\else
\set feedback '(SELECT NULL::text AS customer_id, NULL::date AS answered_on, NULL::integer AS nps, NULL::bigint AS seq WHERE false)'
\endif
\if :{?rating}
\else
\set rating '(SELECT NULL::text AS customer_id, NULL::text AS category_key WHERE false)'
\endif
\if :{?top}
\else
\set top strategic_partner
\endif
\if :{?b2b}
\else
\set b2b 0
\endif
\if :{?client_purchases}
\else
\set client_purchases 3
\endif
\if :{?client_quarters}
\else
\set client_quarters 2
\endif
\if :{?lapse_days}
\else
\set lapse_days 0
\endif
\if :{?lapse_factor}
\else
\set lapse_factor 3
\endif
\if :{?former_factor}
\else
\set former_factor 2
\endif
\if :{?friend_nps}
\else
\set friend_nps 9
\endif
\if :{?friend_referrals}
\else
\set friend_referrals 1
\endif
\if :{?explain}
\else
\set explain ''
\endif
\pset format csv
:explain
WITH r AS (
    -- the rows up to the as-of date (an empty customer id: a guest row)
    SELECT customer_id::text AS customer_id, invoice_id::text AS invoice_id, order_date, amount
    FROM :orders
    WHERE NOT coalesce(order_date > :'as_of'::date, false)
      AND coalesce(customer_id::text, '') <> ''
), c AS (
    -- purchases as RFM counts them (customer_agg); the purchase days, those
    -- with a row of amount >= 0 (clv_customer_agg's x: the days after the
    -- first); the quarters of the last four with one, as bits. Every
    -- aggregate here combines partial states: parallel workers, Citus.
    SELECT customer_id,
           relmark.customer_agg(invoice_id, order_date, amount) AS s,
           relmark.clv_customer_agg(order_date, amount) AS v,
           bit_or(CASE WHEN amount >= 0 AND relmark.window_month(:'as_of', 12, order_date) >= 0
                       THEN 1 << (relmark.window_month(:'as_of', 12, order_date) / 3)
                       ELSE 0 END) AS qmask
    FROM r
    GROUP BY customer_id
), g AS (
    -- each repeat customer's mean interval, (last - first) / (days - 1),
    -- ranked exactly: 40 decimals tell apart any two such fractions
    SELECT ((c.v).last_purchase - (c.v).first_purchase)::bigint AS num, (c.v).x AS den,
           row_number() OVER (ORDER BY ((c.v).last_purchase - (c.v).first_purchase)::numeric(60, 40)
                                       / (c.v).x) AS i,
           count(*) OVER () AS n
    FROM c
    WHERE (c.v).x >= 1
), m AS (
    -- the median: the middle one, or the mean of the middle two, a/b + c/d
    -- over 2 = (ad + cb) / 2bd (NULL without repeat customers: no one lapses)
    SELECT CASE WHEN max(n) % 2 = 1 THEN max(num) FILTER (WHERE i = (n + 1) / 2)
                ELSE max(num) FILTER (WHERE i = n / 2) * max(den) FILTER (WHERE i = n / 2 + 1)
                     + max(num) FILTER (WHERE i = n / 2 + 1) * max(den) FILTER (WHERE i = n / 2)
           END AS num,
           CASE WHEN max(n) % 2 = 1 THEN max(den) FILTER (WHERE i = (n + 1) / 2)
                ELSE 2 * max(den) FILTER (WHERE i = n / 2) * max(den) FILTER (WHERE i = n / 2 + 1)
           END AS den
    FROM g
), f AS (
    -- the latest non-empty NPS on or before the date
    SELECT DISTINCT ON (customer_id) customer_id::text AS customer_id, nps
    FROM :feedback fb
    WHERE nps IS NOT NULL AND answered_on <= :'as_of'::date
    ORDER BY customer_id, answered_on DESC, seq DESC
), k AS (
    SELECT coalesce(c.customer_id, l.customer_id::text) AS customer_id, c.s,
           bit_count(coalesce(c.qmask, 0)::bit(4))::integer AS quarters,
           relmark.client_status(l.status) AS status, l.referrals, l.structural_bond,
           coalesce(relmark.client_type(l.type) = 'corporate'
                    OR (:b2b = 1 AND coalesce(relmark.client_type(l.type), '') <> 'individual'),
                    false) AS corporate
    FROM c FULL JOIN :clients l ON l.customer_id::text = c.customer_id
), x AS MATERIALIZED (
    SELECT k.customer_id, k.s, k.quarters,
           relmark.ladder_stage(coalesce((k.s).frequency, 0),
                                (:'as_of'::date - (k.s).last_purchase)::integer,
                                k.quarters, m.num::bigint, m.den::bigint, k.status,
                                k.structural_bond,
                                k.corporate AND rt.category_key = :'top', f.nps, k.referrals,
                                :lapse_days, :lapse_factor, :former_factor,
                                :client_purchases, :client_quarters, :friend_nps,
                                :friend_referrals) AS stage
    FROM k CROSS JOIN m
    LEFT JOIN f ON f.customer_id = k.customer_id
    LEFT JOIN :rating rt ON rt.customer_id::text = k.customer_id
)
SELECT customer_id, stage, relmark.stage_phase(stage) AS phase,
       coalesce((s).frequency, 0) AS purchases,
       to_char((s).first_purchase, 'YYYY-MM-DD') AS first_purchase, -- whatever the DateStyle
       to_char((s).last_purchase, 'YYYY-MM-DD') AS last_purchase,
       (:'as_of'::date - (s).last_purchase) AS recency_days, coalesce(quarters, 0) AS active_quarters
FROM x
ORDER BY customer_id COLLATE "C";
