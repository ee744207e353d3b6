# --excel: BOM, ';', decimal comma in the numeric columns, CRLF; months 6, other thresholds
$RELMARK abcxyz ../../../examples/b2b/invoices.csv --summary --excel --months 6 --abc 70,90 --xyz 15,30 | od -An -c | first 4
$RELMARK abcxyz ../../../examples/b2b/invoices.csv --summary --excel --months 6 --abc 70,90 --xyz 15,30 | tr -d '\r' | tail -n +2
