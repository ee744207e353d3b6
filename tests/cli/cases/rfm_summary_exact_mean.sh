# The summary's mean monetary is the exact mean rounded half away from zero
# (docs/rfm.md): acme 625283.44 and borealis 625283.45 make Can't lose them
# (and code 151) 625283.445 -> 625283.45, where a double mean printed .44
$RELMARK rfm ../../data/exports13/segment_means.csv --summary --format csv --quiet | grep -E '^(section|segment,cant_lose_them|code,151),'
$RELMARK rfm ../../data/exports13/segment_means.csv --summary --format json --quiet | grep -E '"cant_lose_them"|"151"'
