-- wrk script for the transfer load: POSTs pre-signed transfers to /api/transactions. Run with as
-- many threads as connections (-tN -cN): thread t sends the lines of TX_BODIES.t (env; written by
-- TxLoad bodies: one JSON body a line, round-major, nonce 0 of each of its accounts, then nonce 1, ...)
-- in order, one request at a time on its one connection, so a refusal that only says "later"
-- (MEMPOOL_FULL, NONCE_TOO_HIGH, ACCOUNT_LIMIT) is retried with the same body. done() prints one JSON line.
-- BENCH_PORTS (env, optional: "P1 P2 ..."): thread t sends to 127.0.0.1:P(t % n + 1) instead of the
-- URL's port (one wrk run spread over several nodes; each account's transfers still go to one node, in order).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local ports = {}
for p in string.gmatch(os.getenv("BENCH_PORTS") or "", "%d+") do ports[#ports + 1] = p end

local threads = {}
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  if #ports > 0 then
    thread.addr = wrk.lookup("127.0.0.1", ports[counter % #ports + 1])[1]
  end
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  for line in io.lines(os.getenv("TX_BODIES") .. "." .. tid) do
    bodies[#bodies + 1] = line
  end
  idx = 1
  accepted = 0
  later = 0
  other = 0
  exhausted = 0
end

function request()
  if idx > #bodies then
    exhausted = 1
    return wrk.format("GET", "/api/status", nil, nil)
  end
  return wrk.format(nil, nil, nil, bodies[idx])
end

function response(status, headers, body)
  if exhausted == 1 then
    return
  end
  if status == 202 or status == 200 then
    accepted = accepted + 1
    idx = idx + 1
  elseif body and (body:find("MEMPOOL_FULL") or body:find("NONCE_TOO_HIGH") or body:find("ACCOUNT_LIMIT")) then
    later = later + 1
  else
    other = other + 1
    idx = idx + 1
  end
end

function done(summary, latency, requests)
  local acc, lat, oth, ex = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    acc = acc + t:get("accepted")
    lat = lat + t:get("later")
    oth = oth + t:get("other")
    ex = ex + t:get("exhausted")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format('{"client": "wrk", "connections": %d, "seconds": %.2f, "accepted": %d, "acceptedPerSec": %.1f, '
    .. '"retriedLater": %d, "refusedOther": %d, "exhaustedThreads": %d, "p50Ms": %.3f, "p99Ms": %.3f}\n',
    #threads, seconds, acc, acc / seconds, lat, oth, ex, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
