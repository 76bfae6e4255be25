-- wrk script for `make load-static`: each connection fetches the page's files in turn (gzip accepted)
-- and the run ends with one JSON line of totals and latency percentiles (microseconds).
local paths = {}
local counter = 0

function init(args)
  paths = args
  counter = math.random(0, #paths - 1)
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], { ["Accept-Encoding"] = "gzip" })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'KCM-RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,'
      .. '"timeout":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
