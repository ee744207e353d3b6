# SPDX-License-Identifier: MIT
"""hostile_check.py — what relmark wrote from the hostile inputs (tests/hostile.sh).

Reads lines "FORMAT FILE LABEL" on stdin; checks each FILE for its format:
  json   UTF-8 (strict) that parses as JSON
  csv    UTF-8; no cell begins with = or @, and no cell is one of the
         hostile ids or names beginning with + or - as they were: a
         spreadsheet would run it (docs/cli.md, "Output formats")
  table  UTF-8; no control character but LF: no C0 byte, DEL or C1 (U+0080..U+009F)
  html   UTF-8; none of the markup of the hostile ids and names
Prints a line per bad output, then "checked N outputs, M bad"; exits 1 when M > 0.
"""
import csv
import io
import json
import sys

# the hostile texts beginning with + or - (formula_ids.csv, cust_formula_names.csv):
# a number there would be a number of a numeric column, never one of these
SIGNED = {"+7 495 000", "-5", "+1", "-2"}
MARKUP = ("<script>alert(1)", "<b>bold</b>")


def text(data, problems):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"not UTF-8 at byte {e.start}")
        return None


def check(fmt, data):
    problems = []
    s = text(data, problems)
    if s is None:
        return problems
    if fmt == "json":
        try:
            json.loads(s)
        except ValueError as e:
            problems.append(f"not JSON: {e}")
    elif fmt == "csv":
        delim = ";" if data.startswith(b"\xef\xbb\xbf") else ","
        for row in csv.reader(io.StringIO(s, newline=""), delimiter=delim):
            for cell in row:
                if cell[:1] in ("=", "@") or cell in SIGNED:
                    problems.append(f"a live formula: {cell[:40]!r}")
    elif fmt == "table":
        for ch in s:
            o = ord(ch)
            if (o < 0x20 and ch != "\n") or o == 0x7F or 0x80 <= o <= 0x9F:
                problems.append(f"a control character U+{o:04X}")
                break
    elif fmt == "html":
        for m in MARKUP:
            if m in s:
                problems.append(f"markup of the data: {m}")
    else:
        problems.append(f"unknown format {fmt}")
    return problems


def main():
    n = bad = 0
    for line in sys.stdin:
        fmt, path, label = line.rstrip("\n").split(" ", 2)
        n += 1
        with open(path, "rb") as f:
            problems = check(fmt, f.read())
        if problems:
            bad += 1
            print(f"{label}: {'; '.join(problems[:3])}")
    print(f"checked {n} outputs, {bad} bad")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
