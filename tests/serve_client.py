# SPDX-License-Identifier: MIT
# A client of tests/serve_kill.sh: posts batches of transactions to
# relmark serve in a loop, one connection a batch, and writes the number of
# each batch answered 2xx to ACKS (flushed at once: the server, not this
# client, is killed). Stops at the first batch without an answer (the server
# gone) or after SECONDS. Rows of batch n: invoice PREFIX-n-i, i < ROWS.
# usage: serve_client.py URL TOKEN PREFIX ROWS SECONDS ACKS
import http.client, json, sys, time, urllib.parse

url, token, prefix, rows, seconds, acks = sys.argv[1:7]
rows, seconds = int(rows), float(seconds)
u = urllib.parse.urlsplit(url)
out = open(acks, "w")
end = time.monotonic() + seconds
n = 0
while time.monotonic() < end:
    body = json.dumps({"rows": [{"customer_id": "L%d" % ((n * 7 + i) % 41), "date": "2026-06-%02d" % (1 + i % 28),
                                 "amount": "%d.%02d" % (10 + i, n % 100), "invoice": "%s-%d-%d" % (prefix, n, i)}
                                for i in range(rows)]})
    try:
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        c.request("POST", "/v1/transactions", body, {"Authorization": "Bearer " + token,
                                                     "Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        c.close()
    except (OSError, http.client.HTTPException):
        break
    if r.status // 100 != 2:
        print("batch %d: status %d" % (n, r.status), file=sys.stderr)
        sys.exit(1)
    out.write("%d\n" % n)
    out.flush()
    n += 1
out.close()
print(n)  # batches tried without an answer follow the last acknowledged
