-- SPDX-License-Identifier: MIT
-- The lifetime-value models of docs/clv.md fitted on every customer of
-- orders(customer_id, invoice_id, order_date, amount) with purchases up to
-- :as_of (the calibration end), printed as JSON with the keys and digits of
-- `relmark clv --as-of AS_OF --summary --format json` on the same rows:
--
--   psql -X -q -v ON_ERROR_STOP=1 -v as_of=1998-06-30 [-v model=paretonbd]
--        [-v unit=month] [-v penalizer=0.001] -f pg/sql/clv_fit.sql
--
-- model: bgnbd (default) or paretonbd; unit: week (default), day or month;
-- penalizer: 0 (default), as `relmark clv --penalizer`.
-- -v explain='EXPLAIN (COSTS OFF)' prints the plan instead. What runs where
-- (docs/postgres.md): clv_customer_agg per customer in parallel workers (or
-- Citus's workers), clv_summaries' partial states combined by the leader (or
-- the coordinator), the fit once, in the leader.
\if :{?as_of}
\else
DO $$ BEGIN RAISE EXCEPTION 'clv_fit.sql: give the calibration end: psql -v as_of=YYYY-MM-DD'; END $$;
\endif
\if :{?model}
\else
\set model bgnbd
\endif
\if :{?unit}
\else
\set unit week
\endif
\if :{?penalizer}
\else
\set penalizer 0
\endif
\if :{?explain}
\else
\set explain ''
\endif
\pset format unaligned
\pset tuples_only on
:explain
WITH c AS (
    -- one summary per customer: rows after the calibration end left out, as
    -- the CLI leaves them; rows with an empty customer id are guest rows
    SELECT relmark.clv_customer_agg(order_date, amount) AS s
    FROM orders
    WHERE NOT coalesce(order_date > :'as_of'::date, false)
      AND coalesce(customer_id::text, '') <> ''
    GROUP BY customer_id
)
SELECT relmark.clv_fit(
           relmark.clv_summaries((s).x, (s).last_purchase - (s).first_purchase,
                                 :'as_of'::date - (s).first_purchase, (s).repeat_net_minor),
           :'model', :'unit', :'penalizer')
FROM c
WHERE s IS NOT NULL; -- returns only: no purchase, not modelled
