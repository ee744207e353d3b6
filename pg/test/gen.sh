#!/bin/sh
# SPDX-License-Identifier: MIT
# A generated orders file of N rows (header customer_id,invoice_id,order_date,amount)
# over about C customers (default 6000), the same bytes for the same N and C (awk's
# rand with a fixed seed, shuffled by it).   sh gen.sh N [C]
awk -v n="${1:-60000}" -v nc="${2:-6000}" 'BEGIN {
    srand(18);
    for (i = 0; i < n; i++) {
        c = int(rand() * rand() * nc);                 # a few customers buy often
        id = (c % 97 == 0) ? sprintf("Ж%04d", c) : sprintf("G%05d", c);
        d = int(rand() * 913);                         # 2024-01-01 + d days
        k = rand();
        if (k < 0.25) inv = "";                        # no invoice: the (customer, day)
        else if (k < 0.45) inv = sprintf("%d", 1000 + int(rand() * 40000));
        else if (k < 0.55) inv = sprintf("00%d", int(rand() * 300));   # "007" is not "7"
        else if (k < 0.65) inv = sprintf(" A-%d ", int(rand() * 500)); # spaces trimmed
        else if (k < 0.70) inv = sprintf("a-%d", int(rand() * 500));   # "a-1" is not "A-1"
        else inv = sprintf("%s-%d", id, int(rand() * 30)); # a customer'"'"'s own numbering
        a = int(rand() * 2000000) / 10000;             # 0 to 200 with 4 decimals
        if (rand() < 0.08) a = -a;                     # a return
        if (rand() < 0.01) a = 0;
        if (c % 211 == 5) a = -1 - a * (a > 0);        # returns only
        # 2026-06-30 is day 911: days 912 and 913 fall after the as-of date
        printf "%.6f\t%s,%s,%s,%.4f\n", rand(), id, inv, day(d), a
    }
}
function day(x,   y, m, dim) {
    y = 2024; m = 1;
    for (;;) {
        dim = (m == 2) ? ((y % 4 == 0) ? 29 : 28) : ((m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31);
        if (x < dim) return sprintf("%04d-%02d-%02d", y, m, x + 1);
        x -= dim; m++;
        if (m > 12) { m = 1; y++ }
    }
}' | sort -t "$(printf '\t')" -k1,1 | cut -f2 | { echo customer_id,invoice_id,order_date,amount; cat; }
