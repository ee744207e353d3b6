-- SPDX-License-Identifier: MIT
-- CDNOW (examples/cdnow/CDNOW_master.txt: 69,659 rows, 23,570 customers) with
-- parallel plans forced: the documented query equals `relmark rfm --format
-- csv` byte for byte under both tie policies.
SET client_min_messages = warning;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SET force_parallel_mode = regress;
CREATE TABLE orders (customer_id text, invoice_id text, order_date date, amount numeric);
\copy orders FROM 'test/tmp/cdnow.csv' WITH (FORMAT csv, HEADER)
ANALYZE orders;
SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers FROM orders;
\set as_of 1998-06-30
\set ties keep
\o test/tmp/pg_cdnow_keep.csv
\set ECHO none
\i sql/rfm.sql
\set ECHO all
\o
\pset format aligned
\! cmp test/tmp/pg_cdnow_keep.csv test/tmp/cdnow_keep.csv && echo "CDNOW, ties keep: identical to relmark rfm"
\set ties split
\o test/tmp/pg_cdnow_split.csv
\set ECHO none
\i sql/rfm.sql
\set ECHO all
\o
\pset format aligned
\! cmp test/tmp/pg_cdnow_split.csv test/tmp/cdnow_split.csv && echo "CDNOW, ties split: identical to relmark rfm"
-- and the split scores equal the independent SQLite NTILE reference
\! cut -d, -f1-9 test/tmp/pg_cdnow_split.csv | cmp - ../tests/data/cdnow_rfm_split.expected.csv && echo "CDNOW, ties split: identical to the SQLite NTILE reference"
DROP TABLE orders;
