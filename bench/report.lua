-- wrk script for `make bench` (bench/run.py). It rotates through the pages given after `--`,
-- one argument each: the path, then any extra headers on lines of their own (wrk's -H
-- headers go with every page). done() prints the figures as one JSON line for run.py,
-- latencies in microseconds. Errors: "status" counts answers >= 400; connect, read, write
-- and timeout are socket errors.
local requests, i = {}, 0

function init(args)
  for _, page in ipairs(args) do -- args[0] is the URL
    local headers, path = {}, nil
    for name, value in pairs(wrk.headers) do headers[name] = value end
    for line in page:gmatch("[^\n]+") do
      if path then
        local name, value = line:match("^(.-):%s*(.*)$")
        headers[name] = value
      else
        path = line
      end
    end
    table.insert(requests, wrk.format(nil, path, headers))
  end
end

function request()
  i = i % #requests + 1
  return requests[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
