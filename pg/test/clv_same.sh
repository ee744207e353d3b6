#!/bin/sh
# SPDX-License-Identifier: MIT
# Whether relmark.clv_fit's JSON (PG) and `relmark clv --summary --format
# json` (CLI) give the same fits: the params and spend objects and the
# spend model's left-out counts, byte for byte; what only one prints (the
# CLI's columns, dates and spend_error, relmark.clv_fit's nothing else) is cut.
#   sh test/clv_same.sh PG.json CLI.json
norm() { sed -e 's/^.*"params": /"params": /' -e 's/, "spend_error": \(null\|"[^"]*"\)//' \
             -e 's/, "first_purchase_in_holdout": [0-9]*//' "$1"; }
a=$(norm "$1") b=$(norm "$2")
[ -n "$a" ] && [ "$a" = "$b" ] && exit 0
echo "different fits:"; echo "pg:  $a"; echo "cli: $b"; exit 1
