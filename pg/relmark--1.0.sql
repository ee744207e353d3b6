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
