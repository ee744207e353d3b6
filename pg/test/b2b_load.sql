-- SPDX-License-Identifier: MIT
-- The B2B sample (examples/b2b) as the rating and ladder tests load it:
-- invoices, the whole clients file, feedback with seq = the file's order,
-- and an empty table of sql/rating.sql's columns. \i'd by test/sql/rating.sql
-- and test/sql/stages.sql.
CREATE TABLE invoices (customer_id text, invoice_id text, invoice_date date, amount numeric,
                       due_date date, paid_date date, prepaid boolean);
\copy invoices FROM '../examples/b2b/invoices.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE clients (customer_id text, name text, type text, status text,
                      contract_start date, manager text, referrals bigint,
                      structural_bond boolean, profitability numeric, market_share numeric,
                      relationship_cost numeric, strategic_importance int,
                      development_potential int, specialisation_fit int,
                      relationship_strength int, relationship_value int,
                      goal_compatibility int, management_complexity int,
                      technology_protection int);
\copy clients FROM '../examples/b2b/clients.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE feedback (customer_id text, answered_on date, nps integer, satisfaction integer,
                       seq bigint GENERATED ALWAYS AS IDENTITY);
\copy feedback (customer_id, answered_on, nps, satisfaction) FROM '../examples/b2b/feedback.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE rated (customer_id text, share_pct text, share_points int,
                    cooperation_months int, cooperation_points int, payment text,
                    payment_points int, growth_pct text, growth_points int, total int,
                    category text, package text, payment_key text, category_key text);
ANALYZE invoices;
ANALYZE clients;
