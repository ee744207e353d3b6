-- SPDX-License-Identifier: MIT
-- relmark 1.0: docs/postgres.md says what each object is and where it runs.
\echo Use "CREATE EXTENSION relmark" to load this file. \quit

-- One customer's aggregate (docs/rfm.md): distinct purchases, the net amount
-- of all rows in 1/10,000 currency units, the first and last purchase day.
-- frequency 0 and NULL days: returns only (not scored).
CREATE TYPE @extschema@.customer AS (
    frequency bigint,
    net_minor bigint,
    first_purchase date,
    last_purchase date
);

CREATE FUNCTION @extschema@.customer_trans(internal, text, date, numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'rmk_customer_trans' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION @extschema@.customer_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'rmk_customer_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION @extschema@.customer_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'rmk_customer_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.customer_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'rmk_customer_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.customer_final(internal) RETURNS @extschema@.customer
    AS 'MODULE_PATHNAME', 'rmk_customer_final' LANGUAGE C PARALLEL SAFE;

-- customer_agg(invoice, day, amount): invoice NULL or blank = the purchase
-- is the (customer, day); a NULL day or amount is an error, as in a file.
CREATE AGGREGATE @extschema@.customer_agg(text, date, numeric) (
    SFUNC = @extschema@.customer_trans,
    STYPE = internal,
    COMBINEFUNC = @extschema@.customer_combine,
    SERIALFUNC = @extschema@.customer_serial,
    DESERIALFUNC = @extschema@.customer_deserial,
    FINALFUNC = @extschema@.customer_final,
    PARALLEL = SAFE
);

-- The exact histogram of (recency days, frequency, monetary num/den) over
-- the scored customers: a bytea state, so Citus can combine it (docs/postgres.md).
CREATE FUNCTION @extschema@.cutoffs_trans(bytea, integer, bigint, bigint, bigint) RETURNS bytea
    AS 'MODULE_PATHNAME', 'rmk_cutoffs_trans' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cutoffs_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'rmk_cutoffs_combine' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cutoffs_final(bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'rmk_cutoffs_final' LANGUAGE C STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.rfm_cutoffs(recency_days integer, frequency bigint,
                                         monetary_num bigint, monetary_den bigint) (
    SFUNC = @extschema@.cutoffs_trans,
    STYPE = bytea,
    INITCOND = '',
    COMBINEFUNC = @extschema@.cutoffs_combine,
    FINALFUNC = @extschema@.cutoffs_final,
    PARALLEL = SAFE
);

-- The score 1..bins of a value of measure 'r', 'f' or 'm' (num/den; R and F
-- den 1) among the cut-offs' customers; tie_rank: its 0-based place by id
-- among the customers of that value (ties 'split' only).
CREATE FUNCTION @extschema@.rfm_score(cutoffs bytea, measure "char", num bigint, den bigint,
                                      bins integer DEFAULT 5, ties text DEFAULT 'keep',
                                      tie_rank bigint DEFAULT 0) RETURNS integer
    AS 'MODULE_PATHNAME', 'rmk_rfm_score_pg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cutoffs_customers(cutoffs bytea) RETURNS bigint
    AS 'MODULE_PATHNAME', 'rmk_cutoffs_customers' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The segment of a cell in a shipped map ('rfm10', 'relationship'): its
-- name in 'en' or 'ru', or its key; NULL when the map has no such cell.
CREATE FUNCTION @extschema@.rfm_segment(r integer, f integer, m integer,
                                        map text DEFAULT 'rfm10', lang text DEFAULT 'en')
    RETURNS text
    AS 'MODULE_PATHNAME', 'rmk_segment_name_pg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.rfm_segment_key(r integer, f integer, m integer,
                                            map text DEFAULT 'rfm10') RETURNS text
    AS 'MODULE_PATHNAME', 'rmk_segment_key_pg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- num/den minor units (1/10,000) as text with `decimals` (0..4), rounded
-- half away from zero: how relmark prints money.
CREATE FUNCTION @extschema@.money_text(num bigint, den bigint, decimals integer DEFAULT 2)
    RETURNS text
    AS 'MODULE_PATHNAME', 'rmk_money_text_pg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Lifetime value (docs/clv.md, docs/postgres.md). One customer's CLV
-- summary: a purchase is a day with a row of amount >= 0; x the purchase
-- days after the first, repeat_net_minor their net sales (1/10,000 units).
-- NULL for a customer with returns only.
CREATE TYPE @extschema@.clv_customer AS (
    first_purchase date,
    last_purchase date,
    x bigint,
    repeat_net_minor bigint
);

CREATE FUNCTION @extschema@.clv_customer_trans(internal, date, numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'rmk_clvc_trans' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION @extschema@.clv_customer_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'rmk_clvc_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION @extschema@.clv_customer_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'rmk_clvc_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.clv_customer_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'rmk_clvc_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.clv_customer_final(internal) RETURNS @extschema@.clv_customer
    AS 'MODULE_PATHNAME', 'rmk_clvc_final' LANGUAGE C PARALLEL SAFE;

CREATE AGGREGATE @extschema@.clv_customer_agg(date, numeric) (
    SFUNC = @extschema@.clv_customer_trans,
    STYPE = internal,
    COMBINEFUNC = @extschema@.clv_customer_combine,
    SERIALFUNC = @extschema@.clv_customer_serial,
    DESERIALFUNC = @extschema@.clv_customer_deserial,
    FINALFUNC = @extschema@.clv_customer_final,
    PARALLEL = SAFE
);

-- The summaries a fit takes, one per customer: x, t_x and T in days,
-- repeat_net_minor; a bytea state (Citus combines it on the coordinator).
CREATE FUNCTION @extschema@.clv_summaries_trans(bytea, bigint, integer, integer, bigint) RETURNS bytea
    AS 'MODULE_PATHNAME', 'rmk_clv_summ_trans' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.clv_summaries_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'rmk_clv_summ_combine' LANGUAGE C STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.clv_summaries(x bigint, t_x_days integer, t_days integer,
                                           repeat_net_minor bigint) (
    SFUNC = @extschema@.clv_summaries_trans,
    STYPE = bytea,
    INITCOND = '',
    COMBINEFUNC = @extschema@.clv_summaries_combine,
    PARALLEL = SAFE
);

-- The BG/NBD ('bgnbd') or Pareto/NBD ('paretonbd') fit and the Gamma-Gamma
-- spend model over the summaries, in 'day', 'week' or 'month', with an L2
-- penalizer (0: plain maximum likelihood; docs/clv.md): JSON with the keys
-- and digits of `relmark clv --summary --format json`.
CREATE FUNCTION @extschema@.clv_fit(summaries bytea, model text DEFAULT 'bgnbd',
                                    unit text DEFAULT 'week',
                                    penalizer double precision DEFAULT 0) RETURNS text
    AS 'MODULE_PATHNAME', 'rmk_clv_fit_pg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The client rating scale (docs/rating.md, docs/postgres.md "The rating").
-- An amount in 1/10,000 units as relmark reads it (NULL: an error).
CREATE FUNCTION @extschema@.minor_units(amount numeric) RETURNS bigint
    AS 'MODULE_PATHNAME', 'rmk_minor_units_pg' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- day + n months, a month's last day mapping to the target month's last day.
CREATE FUNCTION @extschema@.add_months(day date, months integer) RETURNS date
    AS 'MODULE_PATHNAME', 'rmk_add_months_pg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- The month (0 = oldest .. months - 1) of the window of `months` months
-- ending with as_of that holds day; -1 outside it; a NULL is an error.
CREATE FUNCTION @extschema@.window_month(as_of date, months integer, day date) RETURNS integer
    AS 'MODULE_PATHNAME', 'rmk_window_month_pg' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- Whole calendar months from start to the end of as_of (0 if start is later).
CREATE FUNCTION @extschema@.months_completed(start date, as_of date) RETURNS integer
    AS 'MODULE_PATHNAME', 'rmk_months_completed_pg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- An invoice's payment class at as_of: 'prepaid', 'on_time', 'late',
-- 'pending', 'unknown' (NULL due, paid or prepaid: not known).
CREATE FUNCTION @extschema@.invoice_payment(invoice_day date, due_day date, paid_day date,
                                            prepaid boolean, as_of date,
                                            grace_days integer DEFAULT 0) RETURNS text
    AS 'MODULE_PATHNAME', 'rmk_invoice_payment_pg' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- The customers file's type and status words: 'individual' / 'corporate',
-- 'lead' / 'qualified' / 'disqualified'; NULL for an empty cell (and a
-- status 'client'); an error for another word.
CREATE FUNCTION @extschema@.client_type(word text) RETURNS text
    AS 'MODULE_PATHNAME', 'rmk_client_type_pg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.client_status(word text) RETURNS text
    AS 'MODULE_PATHNAME', 'rmk_client_status_pg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- A scale's window (months) and grace days; scale NULL: the shipped scale,
-- else the INI text of a scale file.
CREATE FUNCTION @extschema@.scale_window_months(scale text DEFAULT NULL) RETURNS integer
    AS 'MODULE_PATHNAME', 'rmk_scale_window_months_pg' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.scale_grace_days(scale text DEFAULT NULL) RETURNS integer
    AS 'MODULE_PATHNAME', 'rmk_scale_grace_days_pg' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- A rated client: the columns of `relmark rate --format csv` after the id.
CREATE TYPE @extschema@.rated_client AS (
    share_pct text,
    share_points integer,
    cooperation_months integer,
    cooperation_points integer,
    payment text,
    payment_points integer,
    growth_pct text,
    growth_points integer,
    total integer,
    category text,
    package text,
    payment_key text,
    category_key text
);
-- The scale's rules for one client from its measured facts (money in minor
-- units; NULL sums 0, NULL dates none): pg/sql/rating.sql measures them.
CREATE FUNCTION @extschema@.rate_client(window_net bigint, total_net bigint,
                                        first_quarter bigint, last_quarter bigint,
                                        first_purchase date, contract_start date, as_of date,
                                        prepaid_lines bigint, on_time_lines bigint,
                                        late_lines bigint, scale text DEFAULT NULL,
                                        lang text DEFAULT 'en', decimals integer DEFAULT 2)
    RETURNS @extschema@.rated_client
    AS 'MODULE_PATHNAME', 'rmk_rate_client_pg' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- The customer ladder (docs/stages.md, docs/postgres.md "The ladder"): the
-- stage's key from a customer's facts at a date and the lapse threshold
-- (lapse_days > 0, else lapse_factor x the median lapse_num / lapse_den
-- days; NULL median: no one lapses). Thresholds default as the CLI's.
CREATE FUNCTION @extschema@.ladder_stage(purchases bigint, recency_days integer,
                                         quarters integer, lapse_num bigint, lapse_den bigint,
                                         status text DEFAULT NULL,
                                         structural_bond boolean DEFAULT NULL,
                                         top_category boolean DEFAULT NULL,
                                         nps integer DEFAULT NULL, referrals bigint DEFAULT NULL,
                                         lapse_days integer DEFAULT 0,
                                         lapse_factor integer DEFAULT 3,
                                         former_factor integer DEFAULT 2,
                                         client_purchases integer DEFAULT 3,
                                         client_quarters integer DEFAULT 2,
                                         friend_nps integer DEFAULT 9,
                                         friend_referrals integer DEFAULT 1) RETURNS text
    AS 'MODULE_PATHNAME', 'rmk_ladder_stage_pg' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- A stage key's name ('en', 'ru') and its Grönroos phase key.
CREATE FUNCTION @extschema@.stage_name(stage text, lang text DEFAULT 'en') RETURNS text
    AS 'MODULE_PATHNAME', 'rmk_stage_name_pg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.stage_phase(stage text) RETURNS text
    AS 'MODULE_PATHNAME', 'rmk_stage_phase_pg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
