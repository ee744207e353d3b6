-- POST /v1/transactions: batches of 1,000 new rows (unique invoices per thread and batch)
local counter = 0
local run = os.time()  -- new invoices on every run: a re-run would post known rows
local threads = 0
setup = function(thread) thread:set("tid", threads); threads = threads + 1 end
request = function()
  counter = counter + 1
  tid = tid or 0
  local rows = {}
  for i = 1, 1000 do
    rows[i] = string.format('{"customer_id":"C%07d","date":"2026-06-%02d","amount":"%d.50","invoice":"W%d-%d-%d-%d"}',
      (counter * 1000 + i * 7919) % 1000000, 1 + i % 28, 10 + i % 90, run, tid, counter, i)
  end
  return wrk.format("POST", "/v1/transactions", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("TOK")}, '{"rows":[' .. table.concat(rows, ",") .. ']}')
end
