-- wrk script for block creation: every request POSTs a new {"data": ...} to /api/blocks, and
-- done() prints one JSON object (the figures bench/run.sh reads). CLIENTS (env) is the
-- connection count, for the record. A response other than 2xx counts as an error, not a block.
-- BENCH_PORTS (env, optional: "P1 P2 ..."): thread t connects to 127.0.0.1:P(t % n + 1) instead of
-- the URL's port, so that one wrk run spreads over several nodes (run -t as a multiple of n).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local ports = {}
for p in string.gmatch(os.getenv("BENCH_PORTS") or "", "%d+") do ports[#ports + 1] = p end

local threads = 0
function setup(thread)
  thread:set("id", threads)
  if #ports > 0 then
    thread.addr = wrk.lookup("127.0.0.1", ports[threads % #ports + 1])[1]
  end
  threads = threads + 1
end

local seq = 0
function request()
  seq = seq + 1
  return wrk.format(nil, nil, nil, '{"data":"bench wrk thread ' .. id .. ' block ' .. seq .. '"}')
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  local created = summary.requests - e.status
  local seconds = summary.duration / 1e6
  io.write(string.format('{"clients": %d, "seconds": %.2f, "created": %d, "errors": %d, "blocksPerSec": %.1f, '
    .. '"p50Ms": %.3f, "p99Ms": %.3f, "client": "wrk"}\n', tonumber(os.getenv("CLIENTS") or "0"), seconds, created,
    errors, created / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
