#!/bin/sh
# SPDX-License-Identifier: MIT
# Adds the summaries of several build trees into the final line CI reads.
pass=0 fail=0
for f in "$@"; do
    read p q < "$f" || { echo "missing $f"; exit 1; }
    pass=$((pass + p)); fail=$((fail + q))
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
