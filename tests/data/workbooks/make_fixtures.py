#!/usr/bin/python3
"""Makes the workbook fixtures of tests/data/workbooks (README.md says what each
imitates). Run from this folder with Debian's python3 (python3-openpyxl 3.0,
python3-xlwt 1.3): python3 make_fixtures.py. The outputs are committed; the
tests never run this."""
import datetime as dt, io, re, struct, zipfile
import openpyxl, xlwt
from openpyxl.utils.datetime import CALENDAR_MAC_1904

# A Shopify-like orders export opened and saved in Excel: the order number
# (Name), the e-mail, the date and time of the order, the total, whether the
# customer accepts marketing (a boolean), a note column mostly empty. Amounts include 1234.5, a
# float sum that Excel shows as 0.3, and a refund.
ROWS = [
    ("#1001", "anna@example.com", dt.datetime(2024, 1, 5, 9, 30), 1234.5, True, None),
    ("#1002", "boris@example.com", dt.datetime(2024, 1, 20), 0.1 + 0.2, True, "gift"),
    ("#1003", "anna@example.com", dt.datetime(2024, 3, 2, 18, 5, 7), 99.99, True, None),
    ("#1004", "carla@example.com", dt.datetime(2024, 3, 15), 12000, False, None),
    ("#1005", "boris@example.com", dt.datetime(2024, 4, 1, 12), 45.1, True, None),
    ("#1006", "dmitry@example.com", dt.datetime(2024, 5, 9), 310.25, True, "wholesale"),
    ("#1007", "anna@example.com", dt.datetime(2024, 5, 30, 23, 59, 59), -20, True, "refund"),
    ("#1008", "elena@example.com", dt.datetime(2024, 5, 31), 7.5, True, None),
]
HEADER = ("Name", "Email", "Created at", "Total", "Accepts Marketing", "Note")


def csv_value(v):
    """The cell as Excel's CSV save (dates as ISO, numbers as General)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S") if v.time() != dt.time() else v.strftime("%Y-%m-%d")
    if isinstance(v, float):
        return ("%.15g" % v)
    return str(v)


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        for r in rows:
            f.write(",".join(csv_value(v) for v in r) + "\r\n")


def orders_book(epoch=None):
    wb = openpyxl.Workbook()
    if epoch:
        wb.epoch = epoch
    ws = wb.active
    ws.title = "Orders"
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        for c in row:
            c.number_format = "yyyy-mm-dd hh:mm"
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        for c in row:
            c.number_format = '#,##0.00 "₽"'
    # a second sheet, for --sheet: only the refunds, and dates in a custom format
    ws2 = wb.create_sheet("Refunds")
    ws2.append(("Order", "Customer", "Date", "Amount"))
    ws2.append(("#1007", "anna@example.com", dt.date(2024, 5, 30), -20))
    ws2["C2"].number_format = "dd/mm/yyyy"
    hid = wb.create_sheet("Notes")  # hidden, after the first
    hid.append(("not", "read"))
    hid.sheet_state = "hidden"
    return wb


orders_book().save("orders.xlsx")
write_csv("orders.csv", [HEADER] + ROWS)
write_csv("refunds.csv", [("Order", "Customer", "Date", "Amount"),
                          ("#1007", "anna@example.com", dt.datetime(2024, 5, 30), -20)])
orders_book(CALENDAR_MAC_1904).save("orders_1904.xlsx")


# The same sheet as an Excel 97-2003 .xls (xlwt: what Excel writes for "Excel
# 97-2003 Workbook"), dates as date-formatted serials.
def xls(path, date1904=False):
    wb = xlwt.Workbook(encoding="utf-8")
    wb.dates_1904 = date1904
    ws = wb.add_sheet("Orders")
    dfmt = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm")
    for c, h in enumerate(HEADER):
        ws.write(0, c, h)
    for i, r in enumerate(ROWS, 1):
        for c, v in enumerate(r):
            if v is None:
                continue
            if isinstance(v, dt.datetime):
                ws.write(i, c, v, dfmt)
            else:
                ws.write(i, c, v)
    ws2 = wb.add_sheet("Refunds")
    for c, h in enumerate(("Order", "Customer", "Date", "Amount")):
        ws2.write(0, c, h)
    for c, v in enumerate(("#1007", "anna@example.com", dt.datetime(2024, 5, 30), -20)):
        ws2.write(1, c, v, xlwt.easyxf(num_format_str="dd/mm/yyyy") if c == 2 else xlwt.Style.default_style)
    wb.save(path)


xls("orders.xls")


# ---------------------------------------------------------------- edge cells
# A sheet written by hand (as other writers do): inline strings, a formula's
# cached string, an error value, the 1900 system's day 60 (1900-02-29, which
# Excel shows and no calendar has) and day 61, numbers in exponent notation,
# a gap of empty cells and rows, cells without r=.
def raw_xlsx(path, sheet_xml, shared=None, styles=None, workbook_pr="", extra=None, drop=()):
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wbx = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">%s'
           '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>' % workbook_pr)
    wrels = ['<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>']
    parts = {"[Content_Types].xml": ct, "_rels/.rels": rels, "xl/workbook.xml": wbx,
             "xl/worksheets/sheet1.xml": sheet_xml}
    if shared is not None:
        wrels.append('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = shared
    if styles is not None:
        wrels.append('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>')
        parts["xl/styles.xml"] = styles
    parts["xl/_rels/workbook.xml.rels"] = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                           + "".join(wrels) + "</Relationships>")
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, t in parts.items():
            if n not in drop:
                z.writestr(n, t)


def sheet(rows):
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<dimension ref="A1:D9"/><sheetData>%s</sheetData></worksheet>' % rows)


STYLES = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-419]dd\\.mm\\.yyyy;@"/></numFmts>'
          '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
          '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/>'
          '<xf numFmtId="4"/></cellXfs></styleSheet>')
SHARED = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
          '<si><t>Клиент</t></si><si><r><t>Да</t></r><r><t xml:space="preserve">та</t></r>'
          '<rPh sb="0" eb="1"><t>ignored</t></rPh></si><si><t>Сумма_x000D_</t></si></sst>')
EDGE = sheet(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Сумма</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>Номер</t></is></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>ООО &quot;Ромашка&quot;</t></is></c><c r="B3" s="1"><v>45444</v></c>'
    '<c r="C3" s="3"><v>1.2345E3</v></c><c r="D3" t="str"><f>"N-"&amp;1</f><v>N-1</v></c></row>'
    '<row r="4"><c r="A4" t="inlineStr"><is><t>ИП Иванов</t></is></c><c r="B4" s="2"><v>45445.5</v></c>'
    '<c r="C4"><v>0.30000000000000004</v></c><c r="D4" t="e"><v>#N/A</v></c></row>'
    '<row r="5" spans="1:4"><c s="3"/><c r="B5" s="3"/></row>'
    '<row><c t="inlineStr"><is><t>day 60</t></is></c><c s="1"><v>60</v></c><c><v>1E-3</v></c></row>'
    '<row r="7"><c r="A7" t="inlineStr"><is><t>day 61</t></is></c><c r="B7" s="1"><v>61</v></c>'
    '<c r="C7"><v>12345678901234567</v></c><c r="D7" t="b"><v>1</v></c></row>')
raw_xlsx("edge.xlsx", EDGE, SHARED, STYLES)


# ---------------------------------------------------------------- hostile
# Each must stop with a DATA error naming the file and the sheet, part or cell.
def patch_sizes(path, name, size):
    """Claims `size` bytes uncompressed for entry `name` in both headers (the
    data stay small): what a zip bomb's headers say."""
    b = bytearray(open(path, "rb").read())
    nb = name.encode()
    for sig, off in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        for m in re.finditer(re.escape(sig), bytes(b)):
            i = m.start()
            nlen_off = 28 if sig == b"PK\x01\x02" else 26
            nlen = struct.unpack_from("<H", b, i + nlen_off)[0]
            start = i + (46 if sig == b"PK\x01\x02" else 30)
            if bytes(b[start:start + nlen]) == nb:
                struct.pack_into("<I", b, i + off, size)
    open(path, "wb").write(bytes(b))


def ok_row(n):
    """a row the transactions reader takes (with --no-header --map customer=1,date=2,amount=3)"""
    return ('<row r="%d"><c r="A%d" t="inlineStr"><is><t>K%d</t></is></c><c r="B%d" t="inlineStr"><is><t>2024-06-01</t></is></c>'
            '<c r="C%d"><v>10</v></c></row>' % (n, n, n, n, n))


OK = sheet(ok_row(1))
raw_xlsx("bomb_claimed.xlsx", OK, SHARED, STYLES)
patch_sizes("bomb_claimed.xlsx", "xl/sharedStrings.xml", 0xF0000000)
# (a bomb whose headers tell the truth is that; one whose headers lie is
# stopped by libzip at the size they claim, or by the count of bytes read)
raw_xlsx("bad_xml.xlsx", sheet(ok_row(1) + '<row r="2"><c r="A2"><v>2</c></row>'))
raw_xlsx("no_sheet_part.xlsx", OK, drop=("xl/worksheets/sheet1.xml",))
raw_xlsx("no_workbook.xlsx", OK, drop=("xl/workbook.xml",))
raw_xlsx("huge_dimension.xlsx", sheet(ok_row(1) + '<row r="2"><c r="A2" t="inlineStr"><is><t>K2</t></is></c>'
                                      '<c r="XFD2"><v>1</v></c></row>').replace('A1:D9', 'A1:XFD1048576'))
raw_xlsx("bad_shared_index.xlsx", sheet(ok_row(1) + '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>7</v></c></row>'), SHARED)
raw_xlsx("entity_bomb.xlsx", '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
         '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
raw_xlsx("rows_backwards.xlsx", sheet(ok_row(5) + ok_row(2)))
with open("truncated.xlsx", "wb") as f:
    f.write(open("orders.xlsx", "rb").read()[:1500])
