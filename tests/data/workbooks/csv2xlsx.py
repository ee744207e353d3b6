#!/usr/bin/python3
"""csv2xlsx.py IN.csv OUT.xlsx SHEET [SHEET2:IN2.csv ...] -- the CSV as Excel
keeps it once opened and saved as a workbook: numbers as number cells (ids
with leading zeros stay text), ISO dates as date serials shown dd.mm.yyyy,
empty fields as empty cells, the rest as shared strings. The tests
(tests/cli/cases/workbook_*.sh) run the same command on the CSV and on the
workbook and compare the outputs byte for byte."""
import csv, datetime as dt, re, sys
import openpyxl
from openpyxl.cell import WriteOnlyCell

NUM = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")
DATE = re.compile(r"\d{4}-\d\d-\d\d")


def sheet(wb, src, title):
    ws = wb.create_sheet(title)
    with open(src, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.reader(f)):
            out = []
            for v in row:
                if i and NUM.fullmatch(v) and len(v.replace("-", "").replace(".", "")) <= 15:
                    out.append(float(v) if "." in v else int(v))
                elif i and DATE.fullmatch(v):
                    c = WriteOnlyCell(ws, value=dt.datetime.strptime(v, "%Y-%m-%d"))
                    c.number_format = "dd.mm.yyyy"
                    out.append(c)
                else:
                    out.append(v if v != "" else None)
            ws.append(out)


wb = openpyxl.Workbook(write_only=True)
sheet(wb, sys.argv[1], sys.argv[3])
for extra in sys.argv[4:]:
    title, src = extra.split(":", 1)
    sheet(wb, src, title)
wb.save(sys.argv[2])
