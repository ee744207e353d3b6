#!/usr/bin/env bash
# Independently compute the expected `relmark --ties split` RFM output for the
# CDNOW master file.  Writes CSV (LF line ends) to stdout.
#
# usage: tests/data/make_cdnow_rfm_split.sh [CDNOW_master.txt] > tests/data/cdnow_rfm_split.expected.csv
#   default input: ../shared/data/cdnow/CDNOW_master.txt relative to the repo root
#
# Needs only bash, awk (mawk or gawk) and the sqlite3 CLI (>= 3.28 for window functions).
# All money is integer cents; no floating-point sums.  The only REAL value is the
# monetary sort key net_cents/frequency, and the script verifies exactly (by
# cross-multiplication in integers) that the resulting M order is the exact
# rational order with customer_id tie-break; it aborts if not.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
in=${1:-"$root/../shared/data/cdnow/CDNOW_master.txt"}
[ -r "$in" ] || { echo "cannot read input: $in" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- pre-process: strip CR, skip header, validate, dollars -> cents (string ops) ---
LC_ALL=C awk '
function q(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
{ sub(/\r$/, "") }
NR == 1 && $1 == "customer_id" { next }
NF == 0 { next }
{
    if (NF != 4) { printf "line %d: expected 4 fields, got %d\n", NR, NF > "/dev/stderr"; bad = 1; exit 1 }
    id = $1; d = $2; amt = $4
    if (d !~ /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/) { printf "line %d: bad date %s\n", NR, d > "/dev/stderr"; bad = 1; exit 1 }
    if (amt !~ /^-?[0-9]+\.[0-9][0-9]$/) { printf "line %d: bad amount %s\n", NR, amt > "/dev/stderr"; bad = 1; exit 1 }
    cents = amt; sub(/\./, "", cents)          # "-12.34" -> "-1234", "0.00" -> "000"
    iso = substr(d, 1, 4) "-" substr(d, 5, 2) "-" substr(d, 7, 2)
    print q(id) "," iso "," cents
}
END { if (bad) exit 1 }
' "$in" > "$tmp/rows.csv"

sqlite3 -bail -batch :memory: <<SQL
.headers off
CREATE TABLE raw(customer_id TEXT NOT NULL, day TEXT NOT NULL, cents INTEGER NOT NULL);
.import --csv $tmp/rows.csv raw

-- assertions: any failing CHECK aborts (-bail) with a non-zero exit status
CREATE TEMP TABLE assert(what TEXT, ok INTEGER CHECK (ok));
INSERT INTO assert SELECT 'rows imported', count(*) > 0 FROM raw;
INSERT INTO assert SELECT 'cents are integers', count(*) = 0 FROM raw WHERE typeof(cents) <> 'integer';
INSERT INTO assert SELECT 'dates are valid', count(*) = 0 FROM raw WHERE date(day) IS NOT day;

CREATE TABLE asof AS SELECT max(day) AS day FROM raw;

CREATE TABLE cust AS
SELECT customer_id,
       CAST(round(julianday((SELECT day FROM asof))
                  - julianday(max(CASE WHEN cents >= 0 THEN day END))) AS INTEGER) AS recency_days,
       count(DISTINCT CASE WHEN cents >= 0 THEN day END)                        AS frequency,
       sum(cents)                                                               AS net
FROM raw
GROUP BY customer_id
HAVING count(CASE WHEN cents >= 0 THEN 1 END) > 0;

-- exact check of the REAL monetary key: in the M order, for every adjacent pair
-- (a before b) the exact rational net/frequency must be > , or = with id ascending.
-- Adjacent-pair consistency implies the whole order equals the exact order.
CREATE TABLE mord AS
SELECT customer_id, net, frequency,
       row_number() OVER (ORDER BY CAST(net AS REAL) / frequency DESC, customer_id ASC) AS pos
FROM cust;
INSERT INTO assert
SELECT 'monetary order is exact', count(*) = 0
FROM mord a JOIN mord b ON b.pos = a.pos + 1
WHERE NOT (a.net * b.frequency > b.net * a.frequency
           OR (a.net * b.frequency = b.net * a.frequency AND a.customer_id < b.customer_id));
-- products stay far inside 64-bit: |net| * frequency
INSERT INTO assert SELECT 'no int64 overflow', max(abs(net)) * max(frequency) < 4000000000000000000 FROM cust;

CREATE TABLE scored AS
SELECT c.customer_id, c.recency_days, c.frequency, c.net,
       6 - ntile(5) OVER (ORDER BY c.recency_days ASC, c.customer_id ASC)  AS r,
       6 - ntile(5) OVER (ORDER BY c.frequency DESC, c.customer_id ASC)    AS f,
       6 - ntile(5) OVER (ORDER BY m.pos ASC)                              AS m
FROM cust c JOIN mord m USING (customer_id);

-- NTILE group sizes: n = 5q + k, score s is group g = 6 - s, size q + (g <= k)
INSERT INTO assert
SELECT 'ntile sizes', count(*) = 0 FROM (
  SELECT 'r' AS col, r AS s, count(*) AS c FROM scored GROUP BY r
  UNION ALL SELECT 'f', f, count(*) FROM scored GROUP BY f
  UNION ALL SELECT 'm', m, count(*) FROM scored GROUP BY m
) t, (SELECT count(*) AS n FROM scored) z
WHERE t.c <> z.n / 5 + ((6 - t.s) <= z.n % 5);
INSERT INTO assert SELECT 'five groups each', count(DISTINCT r) = 5 AND count(DISTINCT f) = 5 AND count(DISTINCT m) = 5 FROM scored;

CREATE TABLE out AS
SELECT customer_id, recency_days, frequency, r, f, m,
       -- round half away from zero on |net| / frequency cents, integer only
       CASE WHEN net < 0 THEN -1 ELSE 1 END AS sgn,
       (2 * abs(net) + frequency) / (2 * frequency) AS mc,
       CASE
         WHEN r = 5 AND f >= 4               THEN 'Champions'
         WHEN r IN (3, 4) AND f >= 4         THEN 'Loyal'
         WHEN r IN (4, 5) AND f IN (2, 3)    THEN 'Potential loyalists'
         WHEN r = 5 AND f = 1                THEN 'New'
         WHEN r = 4 AND f = 1                THEN 'Promising'
         WHEN r = 3 AND f = 3                THEN 'Need attention'
         WHEN r = 3 AND f IN (1, 2)          THEN 'About to sleep'
         WHEN r IN (1, 2) AND f IN (3, 4)    THEN 'At risk'
         WHEN r IN (1, 2) AND f = 5          THEN 'Can''t lose them'
         WHEN r IN (1, 2) AND f IN (1, 2)    THEN 'Hibernating'
       END AS segment
FROM scored;
INSERT INTO assert SELECT 'every customer has a segment', count(*) = 0 FROM out WHERE segment IS NULL;

.mode list
.separator "" "\n"
SELECT 'customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment';
WITH q(customer_id, recency_days, frequency, monetary, r, f, m, segment) AS (
  SELECT customer_id, recency_days, frequency,
         (CASE WHEN sgn < 0 AND mc > 0 THEN '-' ELSE '' END) || (mc / 100) || '.' || printf('%02d', mc % 100),
         r, f, m, segment
  FROM out
)
SELECT (CASE WHEN customer_id GLOB ('*[,"' || char(13) || char(10) || ']*')
             THEN '"' || replace(customer_id, '"', '""') || '"' ELSE customer_id END)
       || ',' || recency_days || ',' || frequency || ',' || monetary
       || ',' || r || ',' || f || ',' || m || ',' || r || f || m
       || ',' || (CASE WHEN segment GLOB ('*[,"' || char(13) || char(10) || ']*')
                       THEN '"' || replace(segment, '"', '""') || '"' ELSE segment END)
FROM q
ORDER BY customer_id COLLATE BINARY;
SQL
