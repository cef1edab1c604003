-- Load script for wrk, run by dev.reflect.bench.Wrk. Arguments after "--":
--   mode         "single" (one check-in per request) or "batch" ({"checkIns":[...]})
--   tokens       file of bearer tokens, one per line; requests rotate through them (one user each)
--   fragments    file of check-in fragments, one per line: a body minus its opening {"eventId":"<id>",
--   batch_size   check-ins per batch request
--   id_prefix    the first 24 characters of every eventId ("xxxxxxxx-xxxx-4xxx-8xxx-"), fresh per run
-- The last 12 hex digits of an eventId are this thread's number and its event counter, so ids are
-- unique within a run without random numbers; the prefix makes them unique across runs.

local thread_count = 0

function setup(thread)
  thread:set("thread_number", thread_count)
  thread_count = thread_count + 1
end

local function read_lines(file)
  local lines = {}
  for line in io.lines(file) do
    if line ~= "" then
      lines[#lines + 1] = line
    end
  end
  return lines
end

local mode, tokens, fragments, batch_size, id_prefix
local events, requests = 0, 0

function init(args)
  mode = args[1]
  tokens = read_lines(args[2])
  fragments = read_lines(args[3])
  batch_size = tonumber(args[4])
  id_prefix = args[5]
end

local function event()
  events = events + 1
  local id = id_prefix .. string.format("%04x%08x", thread_number, events)
  return '{"eventId":"' .. id .. '",' .. fragments[events % #fragments + 1]
end

function request()
  requests = requests + 1
  -- Threads start at different users so that concurrent requests spread over many users.
  local token = tokens[(requests + thread_number * 7919) % #tokens + 1]
  local body
  if mode == "batch" then
    local items = {}
    for i = 1, batch_size do
      items[i] = event()
    end
    body = '{"checkIns":[' .. table.concat(items, ",") .. ']}'
  else
    body = event()
  end
  local headers = {}
  headers["Authorization"] = "Bearer " .. token
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", nil, headers, body)
end

-- One machine-readable line; the human summary wrk prints rounds and changes units.
-- os.clock() is this process's CPU time over all its threads: whether wrk itself was the limit.
function done(summary, latency, requests_)
  local e = summary.errors
  io.write(string.format(
    "REFLECT_WRK requests=%d duration_us=%d bytes=%d connect_errors=%d read_errors=%d write_errors=%d"
      .. " status_errors=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d cpu_ms=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, math.floor(os.clock() * 1000)))
end
