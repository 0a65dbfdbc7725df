-- The benchmark's load script for wrk (scripts/bench/run.ts writes the request file).
-- Each line of the file: METHOD <tab> PATH <tab> Header: value|Header: value <tab> BODY
-- "{{n}}" in a header or body becomes a value unique to this run, thread and request (idempotency keys).
-- Prints one line, BENCH_RESULT {...json...}, with latency percentiles (µs) and counts per status.

local requests = {}
local counter = 0
counts = {}
local tag = "run"
local threads = {}
local next_thread_id = 0

function setup(thread)
  next_thread_id = next_thread_id + 1
  thread:set("thread_id", next_thread_id)
  table.insert(threads, thread)
end

function init(args)
  tag = args[2] or "run"
  for line in io.lines(args[1]) do
    local method, path, headers, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    if method then
      local h = {}
      for pair in headers:gmatch("[^|]+") do
        local k, v = pair:match("^([^:]+):%s*(.*)$")
        if k then h[k] = v end
      end
      table.insert(requests, { method = method, path = path, headers = h, body = body })
    end
  end
  -- Threads start at different places in the list.
  counter = (thread_id - 1) * 7919
end

function request()
  counter = counter + 1
  local r = requests[(counter - 1) % #requests + 1]
  local unique = tag .. "-" .. thread_id .. "-" .. counter
  local headers = {}
  for k, v in pairs(r.headers) do headers[k] = v:gsub("{{n}}", unique) end
  local body = nil
  if r.body ~= "" then body = r.body:gsub("{{n}}", unique) end
  return wrk.format(r.method, r.path, headers, body)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests_summary)
  local statuses = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for status, n in pairs(c) do statuses[status] = (statuses[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(statuses) do table.insert(parts, string.format('"%d":%d', status, n)) end
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"p50":%d,"p95":%d,"p99":%d,"max":%d,"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"statuses":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, table.concat(parts, ",")))
end
