-- SPDX-License-Identifier: MIT
-- The client rating scale (docs/rating.md) of every client of
-- invoices(customer_id, invoice_id, invoice_date, amount, due_date,
-- paid_date, prepaid) and, when given, clients(customer_id, name, type,
-- status, contract_start), printed exactly as
-- `relmark rate FILE [--customers F] --format csv [--as-of D]` prints them:
--
--   psql -X -q -v ON_ERROR_STOP=1 [-v as_of=2026-06-30] [-v clients=clients]
--        [-v invoices=invoices] [-v scale="$(cat scale.ini)"] [-v lang=ru]
--        [-v decimals=2] -f pg/sql/rating.sql -o rating.csv
--
-- as_of: default the latest invoice date; clients: a table or view with
-- those columns (type and status in the customers file's words); scale: the
-- INI text of a scale file (default the shipped scale). NULL due_date,
-- paid_date, prepaid: not known, as an empty cell. docs/postgres.md, "The
-- rating", says what runs where: the per-client sums are plain aggregates
-- (parallel, pushed to Citus workers); the scale's rules run per client.
\if :{?invoices}
\else
\set invoices invoices
\endif
\if :{?as_of}
\else
SELECT max(invoice_date) AS as_of FROM :invoices \gset
\endif
\if :{?clients}
\else
\set clients '(SELECT NULL::text AS customer_id, NULL::text AS name, NULL::text AS type, NULL::text AS status, NULL::date AS contract_start, NULL::bigint AS referrals, NULL::boolean AS structural_bond WHERE false)'
\endif
\if :{?scale}
\else
\set scale ''
\endif
\if :{?lang}
\else
\set lang en
\endif
\if :{?decimals}
\else
\set decimals 2
\endif
\if :{?explain}
\else
\set explain ''
\endif
\pset format csv
:explain
WITH r AS (
    -- the rows up to the as-of date (rows with an empty customer id are guest
    -- rows, left out) with their month of the window (-1 before it) and, for
    -- a row that is not a credit note and has payment data, its class. The
    -- scale's window and grace are constants to the planner (immutable
    -- calls on constants), so workers scan and sum in parallel.
    SELECT i.customer_id::text AS customer_id, i.invoice_date AS day,
           relmark.minor_units(i.amount) AS minor,
           relmark.window_month(:'as_of', relmark.scale_window_months(nullif(:'scale', '')),
                                i.invoice_date) AS k,
           relmark.scale_window_months(nullif(:'scale', '')) AS months,
           CASE WHEN i.amount >= 0 AND (i.due_date IS NOT NULL OR i.paid_date IS NOT NULL
                                        OR coalesce(i.prepaid, false))
                THEN relmark.invoice_payment(i.invoice_date, i.due_date, i.paid_date, i.prepaid,
                                             :'as_of',
                                             relmark.scale_grace_days(nullif(:'scale', '')))
                END AS pay
    FROM :invoices i
    WHERE NOT coalesce(i.invoice_date > :'as_of'::date, false)
      AND coalesce(i.customer_id::text, '') <> ''
), c AS (
    -- a client's facts: the window's, its quarters' net sales, its first
    -- purchase (a row of amount >= 0), its invoice lines by payment class
    SELECT customer_id,
           sum(minor) FILTER (WHERE k >= 0) AS window_net,
           sum(minor) FILTER (WHERE k BETWEEN 0 AND 2) AS first_quarter,
           sum(minor) FILTER (WHERE k >= months - 3) AS last_quarter,
           min(day) FILTER (WHERE minor >= 0) AS first_purchase,
           count(*) FILTER (WHERE k >= 0 AND pay = 'prepaid') AS prepaid,
           count(*) FILTER (WHERE k >= 0 AND pay = 'on_time') AS on_time,
           count(*) FILTER (WHERE k >= 0 AND pay = 'late') AS late
    FROM r
    GROUP BY customer_id
), t AS (
    -- all clients' window sales, individuals' too: the firm's turnover
    SELECT coalesce(sum(window_net), 0)::bigint AS total FROM c
), k AS (
    -- clients with invoices, and those of the clients table without; left
    -- out: individuals, and prospects (lead, qualified, disqualified)
    -- without invoices
    SELECT coalesce(c.customer_id, l.customer_id::text) AS customer_id, c.window_net,
           c.first_quarter, c.last_quarter, c.first_purchase, c.prepaid, c.on_time, c.late,
           l.contract_start
    FROM c FULL JOIN :clients l ON l.customer_id::text = c.customer_id
    WHERE coalesce(relmark.client_type(l.type), '') <> 'individual'
      AND NOT (c.customer_id IS NULL AND relmark.client_status(l.status) IS NOT NULL)
), x AS MATERIALIZED (
    SELECT k.customer_id,
           relmark.rate_client(k.window_net::bigint, t.total, k.first_quarter::bigint,
                               k.last_quarter::bigint, k.first_purchase, k.contract_start,
                               :'as_of', k.prepaid, k.on_time, k.late, nullif(:'scale', ''),
                               :'lang', :decimals) AS v
    FROM k CROSS JOIN t
)
SELECT customer_id, (v).share_pct, (v).share_points, (v).cooperation_months,
       (v).cooperation_points, (v).payment, (v).payment_points, (v).growth_pct,
       (v).growth_points, (v).total, (v).category, (v).package, (v).payment_key,
       (v).category_key
FROM x
ORDER BY customer_id COLLATE "C";
