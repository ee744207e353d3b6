# Every command reads its input once (the customer book, docs/library.md):
# a regular file, standard input ('-' from a redirect and from a pipe),
# /dev/stdin, a named FIFO and a <(...) pipe give byte-identical stdout and
# stderr and exit 0, with and without the side files. For `feedback` both
# its FILE (the answers) and --transactions take each kind of input.
d=$PWD; ex=$d/../../../examples/b2b
mkdir "$TMPDIR/oneread" && cd "$TMPDIR/oneread" || exit 1
inv=$ex/invoices.csv cl=$ex/clients.csv fb=$ex/feedback.csv
# run TAG SRC CMD...: CMD with @ standing for the input SRC is given as
run() {
    tag=$1 src=$2; shift 2
    case $tag in
    file) $RELMARK $(echo "$*" | sed "s|@|$src|") ;;
    dash) $RELMARK $(echo "$*" | sed "s|@|-|") < "$src" ;;
    pipe) cat "$src" | $RELMARK $(echo "$*" | sed "s|@|-|") ;;
    devstdin) $RELMARK $(echo "$*" | sed "s|@|/dev/stdin|") < "$src" ;;
    fifo) # a command that opened the FIFO twice would wait for ever: a minute at most
        rm -f f; mkfifo f; timeout 60 sh -c 'cat "$1" > f' fifo "$src" &
        timeout 60 $RELMARK $(echo "$*" | sed "s|@|f|"); rc=$?; wait; return $rc ;;
    procsub) bash -c "\$RELMARK $(echo "$*" | sed "s|@|<(cat '$src')|")" ;;
    esac
}
n=0
while IFS='|' read -r src cmd; do
    [ -z "$cmd" ] && continue
    eval "src=$src"; cmd=$(eval "echo \"$cmd\"")
    n=$((n + 1)) same=yes
    for tag in file dash pipe devstdin fifo procsub; do
        run $tag "$src" $cmd --format csv > out.$tag 2> err.$tag; echo $? > rc.$tag
        # a message may name the input: compare what it says, not the name
        sed -i "s|$src|INPUT|g; s|<stdin>|INPUT|g; s|/dev/stdin|INPUT|g; s|/dev/fd/[0-9]*|INPUT|g; s|\bf:|INPUT:|g" err.$tag
        [ $tag = file ] && continue
        cmp -s out.file out.$tag || same="no: stdout of $tag"
        cmp -s err.file err.$tag || same="no: stderr of $tag"
        cmp -s rc.file rc.$tag || same="no: exit $(cat rc.$tag) from $tag"
    done
    echo "$(echo "$cmd" | sed "s|$ex/||g"): exit $(cat rc.file), $(wc -l < out.file) lines, the same from every input: $same"
done <<LIST
\$inv|rfm @
\$inv|rfm @ --summary
\$inv|rate @
\$inv|rate @ --customers $cl --compare-to 2025-12-31 --summary
\$inv|retention @ --period quarter
\$inv|retention @ --by segment
\$inv|retention @ --by category --customers $cl
\$inv|cohorts @ --period quarter
\$inv|stages @
\$inv|stages @ --customers $cl --feedback $fb --migration --period quarter
\$inv|stages @ --b2b --segments relationship
\$inv|clv @
\$inv|clv @ --whatif retention+5
\$inv|abcxyz @ --summary
\$inv|portfolio @ --customers $cl
\$inv|portfolio @ --customers $cl --value clv --budget 100000
\$inv|portfolio @ --orientation --customers $cl --feedback $fb
\$fb|feedback @
\$fb|feedback @ --transactions $inv --customers $cl
\$inv|feedback $fb --transactions @ --customers $cl
LIST
echo "$n command lines"
