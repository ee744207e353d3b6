#!/usr/bin/env bash
# Independent monthly retention and cohort tables of CDNOW_master.txt, with
# awk and the sqlite3 CLI (no relmark code): the expected files of the CLI
# golden tests cdnow_retention and cdnow_cohorts.
#   bash tests/data/make_cdnow_retention.sh retention > tests/data/cdnow_retention_month.expected.csv
#   bash tests/data/make_cdnow_retention.sh cohorts   > tests/data/cdnow_cohorts_month.expected.csv
# Definitions (SPEC 3.4, docs/retention.md): a customer is active in a month
# when it has a row with amount >= 0 there; retained = active in the month
# and the one before; rates = retained / previous month's active, rounded
# half away from zero to 4 decimals (churn from its own fraction); cohort =
# month of the first purchase; revenue = the cohort's net sales (all rows)
# in the month; months run from the first to the last active month.
set -euo pipefail
what=${1:?retention or cohorts}
here=$(cd "$(dirname "$0")" && pwd)
master=${2:-$here/../../examples/cdnow/CDNOW_master.txt}
db=$(mktemp)
trap 'rm -f "$db"' EXIT
awk 'NR > 1 { gsub(/\r/, ""); y = substr($2, 1, 4); m = substr($2, 5, 2);
              split($4, d, "."); cents = d[1] * 100 + (d[2] == "" ? 0 : substr(d[2] "00", 1, 2));
              if ($4 ~ /^-/) cents = -(-d[1] * 100 + substr(d[2] "00", 1, 2));
              printf "%s|%d|%d\n", $1, y * 12 + m - 1, cents }' "$master" > "$db.in"
sqlite3 "$db" <<SQL
CREATE TABLE t(c TEXT, p INT, cents INT);
.mode list
.separator |
.import $db.in t
CREATE TABLE act AS SELECT DISTINCT c, p FROM t WHERE cents >= 0;
CREATE TABLE first AS SELECT c, min(p) AS f FROM act GROUP BY c;
CREATE TABLE bounds AS SELECT min(p) AS lo, max(p) AS hi FROM act;
CREATE TABLE per AS WITH RECURSIVE r(p) AS (SELECT lo FROM bounds UNION ALL
  SELECT p + 1 FROM r, bounds WHERE p < bounds.hi) SELECT p FROM r;
SQL
rm -f "$db.in"
if [ "$what" = retention ]; then
  echo "period,active,retained,retention_rate,churn_rate"
  sqlite3 -separator , "$db" "
    WITH a AS (SELECT per.p, (SELECT count(*) FROM act WHERE act.p = per.p) AS n FROM per),
         r AS (SELECT per.p, (SELECT count(*) FROM act x JOIN act y ON x.c = y.c
                              WHERE x.p = per.p AND y.p = per.p - 1) AS n FROM per)
    SELECT printf('%04d-%02d', a.p / 12, a.p % 12 + 1), a.n,
           CASE WHEN a.p = (SELECT lo FROM bounds) THEN '' ELSE r.n END,
           CASE WHEN prev.n IS NULL OR prev.n = 0 THEN '' ELSE
             printf('%d.%04d', ((r.n * 20000 + prev.n) / (2 * prev.n)) / 10000,
                               ((r.n * 20000 + prev.n) / (2 * prev.n)) % 10000) END,
           CASE WHEN prev.n IS NULL OR prev.n = 0 THEN '' ELSE
             printf('%d.%04d', (((prev.n - r.n) * 20000 + prev.n) / (2 * prev.n)) / 10000,
                               (((prev.n - r.n) * 20000 + prev.n) / (2 * prev.n)) % 10000) END
    FROM a JOIN r ON r.p = a.p LEFT JOIN a prev ON prev.p = a.p - 1 ORDER BY a.p;"
else
  echo "cohort,period,customers,revenue"
  sqlite3 -separator , "$db" "
    WITH cells AS (SELECT co.p AS c, k.p - co.p AS k, k.p AS p FROM per co JOIN per k ON k.p >= co.p)
    SELECT printf('%04d-%02d', cells.c / 12, cells.c % 12 + 1), cells.k,
           (SELECT count(*) FROM act JOIN first ON first.c = act.c WHERE first.f = cells.c AND act.p = cells.p),
           (SELECT CASE WHEN s < 0 THEN printf('-%d.%02d', -s / 100, -s % 100)
                        ELSE printf('%d.%02d', s / 100, s % 100) END
            FROM (SELECT coalesce(sum(t.cents), 0) AS s FROM t JOIN first ON first.c = t.c
                  WHERE first.f = cells.c AND t.p = cells.p))
    FROM cells ORDER BY cells.c, cells.k;"
fi
