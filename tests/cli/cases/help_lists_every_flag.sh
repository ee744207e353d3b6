# Every flag a command takes is named in its --help (docs/cli.md, "Reading
# options"): the list comes from the option table itself -- getopt_long names
# every long option of a command for the ambiguous empty prefix '--=x' -- not
# from a list kept here. Each command prints its count of flags and the ones
# its help misses (none); a command with no flags listed fails the case.
cmds=$($RELMARK --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }')
[ -n "$cmds" ] || { echo "no command in relmark --help"; exit 1; }
for c in $cmds; do
    help=$($RELMARK "$c" --help)
    # exit 64 for the ambiguous option (pinned in .calls)
    flags=$($RELMARK "$c" --=x 2>&1 >/dev/null | sed -n "s/.*possibilities: //p" | tr -d "'")
    n=0 missing=
    for f in $flags; do
        n=$((n + 1))
        printf '%s\n' "$help" | grep -qE -- "$f([^a-z-]|\$)" || missing="$missing $f"
    done
    [ "$n" -gt 0 ] || { echo "$c: no flags listed"; exit 1; }
    echo "$c: $n flags, missing:${missing:- none}"
done
