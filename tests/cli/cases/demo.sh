# relmark demo: both samples' reports, found beside the program (build/ in
# the source tree), written into the folder given; then where they are
cd "$TMPDIR"
$RELMARK demo -o shown
for f in shown/cdnow.html shown/b2b.html; do echo "$f: $(grep -c '<section id=' "$f") sections"; done
$RELMARK demo extra; echo "exit $?"
RELMARK_DATA=/nonexistent $RELMARK demo -o x; echo "exit $?"
