#!/bin/sh
# SPDX-License-Identifier: MIT
# Adds the summaries ("PASSED FAILED", one a suite or a build tree) named on
# the command line into the final line CI reads, after a line a build tree
# (the directory above summary/). A summary missing or unreadable (its suite
# did not run to the end), one that counts no check (a suite that ran
# nothing), or a total of no check is a failure.
pass=0 fail=0 bad=0 trees=
for f in "$@"; do
    p= q=
    read p q 2>/dev/null < "$f"
    case "$p:$q" in
    *[!0-9:]* | :* | *:) echo "total: $f: missing or unreadable"; bad=$((bad + 1)); continue ;;
    esac
    [ $((p + q)) -gt 0 ] || { echo "total: $f: no check ran"; bad=$((bad + 1)); }
    pass=$((pass + p)); fail=$((fail + q))
    t=${f%/summary/*}; t=${t%/test-summary}
    v=$(printf '%s' "$t" | tr -c 'A-Za-z0-9' _) # the tree's counts in tp_$v, tf_$v
    case " $trees " in *" $t "*) ;; *) trees="$trees $t"; eval "tp_$v=0 tf_$v=0" ;; esac
    eval "tp_$v=\$((tp_$v + p)) tf_$v=\$((tf_$v + q))"
done
for t in $trees; do
    v=$(printf '%s' "$t" | tr -c 'A-Za-z0-9' _)
    eval "echo \"$t: \$tp_$v passed, \$tf_$v failed\""
done
[ "$pass" -gt 0 ] || { echo "total: no check ran"; bad=$((bad + 1)); }
fail=$((fail + bad))
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
