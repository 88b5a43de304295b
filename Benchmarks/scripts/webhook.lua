-- wrk script: POSTs pre-signed Certifier webhooks, each body once, and counts the answers.
-- The bodies file (scripts/make-webhooks.py) is read by every wrk thread; thread k of n sends
-- lines k, k+n, k+2n, ... so no event id is sent twice while lines last.
local bodies_path = os.getenv("WEBHOOK_BODIES") or "webhooks.txt"
local threads = {}
local thread_count = tonumber(os.getenv("WRK_THREADS") or "1")
local next_thread = 0

function setup(thread)
  thread:set("index", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  lines = {}
  local position = 0
  for line in io.lines(bodies_path) do
    if position % thread_count == index then
      local space = line:find(" ", 1, true)
      lines[#lines + 1] = { line:sub(1, space - 1), line:sub(space + 1) }
    end
    position = position + 1
  end
  cursor = 0
  accepted = 0
  duplicates = 0
  other = 0
  exhausted = 0
end

function request()
  cursor = cursor + 1
  if cursor > #lines then
    cursor = 1
    exhausted = exhausted + 1
  end
  local entry = lines[cursor]
  return wrk.format("POST", "/webhooks/certifier", {
    ["Content-Type"] = "application/json",
    ["X-Webhook-Signature"] = entry[1],
  }, entry[2])
end

function response(status, headers, body)
  if status == 202 and body:find('"accepted"', 1, true) then
    accepted = accepted + 1
  elseif status == 202 then
    duplicates = duplicates + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local a, d, o, e = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("accepted")
    d = d + thread:get("duplicates")
    o = o + thread:get("other")
    e = e + thread:get("exhausted")
  end
  io.write(string.format("accepted %d duplicate %d other %d wrapped %d\n", a, d, o, e))
  io.write(string.format("p50 %.2f ms p90 %.2f ms p99 %.2f ms max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
