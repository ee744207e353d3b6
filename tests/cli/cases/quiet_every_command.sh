# --quiet hides every note of every command (docs/cli.md, "--quiet"), errors
# stay. The commands come from relmark --help (as help_lists_every_flag.sh
# takes them), so a new one must be given its line here. The input makes
# notes: a title line above the header, a guest order, a bad row (with
# --skip-bad), a date in 2099 (the as-of note), a totals row; the side files
# add their own (an unreadable answer, a column that is no item, no client
# list for the portfolio). Each command runs twice: without --quiet its
# count of note lines must be above 0 (so that the check can fail), with
# --quiet stderr must be empty and the exit status the same (.calls).
mkdir "$TMPDIR/quiet" && cd "$TMPDIR/quiet" || exit 1
d=$OLDPWD E=$d/../../../examples/b2b
{ echo "Invoices, all clients"
  cat "$E/invoices.csv"
  echo ",INV-999998,2024-03-01,50.00,2024-03-31,2024-04-02,false"
  echo "C0001,INV-999997,the first of May,50.00,2024-03-31,2024-04-02,false"
  echo "C0001,INV-999999,2099-05-01,70.00,2099-05-31,2099-06-02,false"
  echo "Total,,,123456.00,,,"; } > noisy.csv
{ cat "$E/feedback.csv"; echo "C0001,2024-08-12,eleven,"; } > answers.csv
{ cat "$E/survey.csv"; echo "C0001,Director,2026-06-16,eco_competitiveness,"; } > survey.csv
sed '1s/$/,note/; 2,$s/$/,x/' "$E/survey-wide.csv" > wide.csv
ff="--skip-bad"
cmds=$($RELMARK --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }')
[ -n "$cmds" ] || { echo "no command in relmark --help"; exit 1; }
for c in $cmds; do
    case $c in
    report) set -- noisy.csv --customers "$E/clients.csv" --feedback answers.csv --survey survey.csv $ff -o r.html ;;
    demo) set -- -o demo ;; # no notes, so no --quiet (a flag it would not honour)
    rate|stages) set -- noisy.csv --customers "$E/clients.csv" $ff ;;
    feedback) set -- answers.csv --transactions noisy.csv $ff ;;
    portfolio) set -- noisy.csv $ff ;;
    clv) set -- noisy.csv $ff --summary ;;
    survey) set -- wide.csv --skip-bad ;;
    import) rm -f w.relmark; set -- w.relmark noisy.csv --feedback answers.csv $ff ;;
    # snapshot and history write no note (what they stored or found goes to
    # stdout): --quiet must keep it that way; their workspace is the import's
    snapshot) rm -f w.relmark; $RELMARK import w.relmark noisy.csv $ff --quiet >/dev/null
              set -- w.relmark --as-of 2024-06-30 ;;
    history) $RELMARK snapshot w.relmark --quiet >/dev/null; set -- w.relmark ;;
    # serve runs until a signal and token reads no input: tests/serve.sh checks their --quiet
    serve|token) echo "$c: no input read here (tests/serve.sh)"; continue ;;
    *) set -- noisy.csv $ff ;;
    esac
    $RELMARK "$c" "$@" >/dev/null 2>notes.txt
    loud=$(grep -c . notes.txt)
    [ "$c" = import ] && rm -f w.relmark
    case $c in snapshot|history)
        $RELMARK "$c" "$@" --quiet >/dev/null 2>quiet.txt
        echo "$c: $loud note lines (writes none), with --quiet $(grep -c . quiet.txt)"
        cat quiet.txt; continue ;;
    esac
    [ "$c" = demo ] && { echo "$c: $loud note lines (takes no --quiet)"; rm -rf demo; continue; }
    $RELMARK "$c" "$@" --quiet >/dev/null 2>quiet.txt
    echo "$c: $loud note lines, with --quiet $(grep -c . quiet.txt)"
    cat quiet.txt
    [ "$loud" -gt 0 ] || echo "$c: no note without --quiet: the check cannot fail"
done
# errors stay: the message and the exit status
$RELMARK rfm missing.csv --quiet
$RELMARK rfm noisy.csv --map amount=nothing --quiet
