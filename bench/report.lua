-- wrk script for bench/load and bench/soak: counts the responses of every thread by status
-- class and prints one line "BENCH_JSON {...}" with the totals and latencies at the end.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0
end

function response(status, headers, body)
  if status >= 500 then
    s5xx = s5xx + 1
  elseif status >= 400 then
    s4xx = s4xx + 1
  elseif status >= 300 then
    s3xx = s3xx + 1
  else
    s2xx = s2xx + 1
  end
end

function done(summary, latency, requests)
  local counts = { s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(counts) do
      counts[name] = counts[name] + thread:get(name)
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_s": %.3f, "p50_ms": %.2f, "p90_ms": %.2f, ' ..
    '"p99_ms": %.2f, "max_ms": %.2f, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d, "status_2xx": %d, "status_3xx": %d, ' ..
    '"status_4xx": %d, "status_5xx": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3,
    errors.connect, errors.read, errors.write, errors.timeout,
    counts.s2xx, counts.s3xx, counts.s4xx, counts.s5xx))
end
