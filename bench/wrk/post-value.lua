-- wrk script: writes with a clerk's bearer token, every value a real change kept in history.
--   TALLY_BATCH unset: POST /api/values, one value per request (births.male of the next village);
--   TALLY_BATCH=n: POST /api/values/batch, n values per request (births.female of the next n villages).
-- The villages are shared out among wrk's threads (TALLY_THREADS, wrk's -t), so two threads never write the same
-- value. Within a thread each pass over its villages adds 1 (mod 9) to the values, and odd runs (TALLY_RUN) write
-- 9–17 where even runs write 0–8, so a value always differs from the one stored before, in this run or the last.
-- Environment: TALLY_TOKEN (a clerk's API token), TALLY_PERIOD (an open month, e.g. 202611), TALLY_UNITS (a
-- file with one village code per line), TALLY_THREADS, TALLY_RUN, TALLY_BATCH.
local token = os.getenv("TALLY_TOKEN")
local period = os.getenv("TALLY_PERIOD")
local batch = tonumber(os.getenv("TALLY_BATCH") or "")
local threadCount = tonumber(os.getenv("TALLY_THREADS") or "1")
local base = 9 * (tonumber(os.getenv("TALLY_RUN") or "0") % 2)
local headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
local all = {}
for line in io.lines(os.getenv("TALLY_UNITS")) do
  if #line > 0 then all[#all + 1] = line end
end

-- Each wrk thread has its own Lua state; setup runs in the main state and numbers them.
local threads = {}
setup = function(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

local units = nil
local position = 0

-- This thread's villages.
local function mine()
  local list = {}
  for i, unit in ipairs(all) do
    if (i - 1) % threadCount == id then list[#list + 1] = unit end
  end
  if (batch or 1) > #list then
    error(string.format("a batch of %d is more than this thread's %d villages", batch, #list))
  end
  return list
end

-- The next village's value as JSON.
local function nextValue(combo)
  local unit = units[(position % #units) + 1]
  local value = base + math.floor(position / #units) % 9
  position = position + 1
  return string.format(
    '{"element": "births", "combo": "%s", "orgunit": "%s", "period": "%s", "value": %d}', combo, unit, period, value)
end

request = function()
  units = units or mine()
  if not batch then
    return wrk.format("POST", "/api/values", headers, nextValue("male"))
  end
  local rows = {}
  for k = 1, batch do rows[k] = nextValue("female") end
  return wrk.format("POST", "/api/values/batch", headers, '{"values": [' .. table.concat(rows, ", ") .. ']}')
end

-- Counts what the server says each batch did; prints the first few refusals for the log (wrk's own summary
-- counts them too).
new, changed, unchanged, refused = 0, 0, 0, 0
response = function(status, headers, body)
  if status ~= 200 then
    refused = refused + 1
    if refused <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  elseif batch then
    new = new + tonumber(body:match('"new"%s*:%s*(%d+)') or 0)
    changed = changed + tonumber(body:match('"changed"%s*:%s*(%d+)') or 0)
    unchanged = unchanged + tonumber(body:match('"unchanged"%s*:%s*(%d+)') or 0)
  end
end

done = function(summary, latency, requests)
  if not batch then return end
  local totals = {new = 0, changed = 0, unchanged = 0}
  for _, thread in ipairs(threads) do
    for name in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  io.write(string.format("Batch rows: %d new, %d changed, %d unchanged\n", totals.new, totals.changed,
    totals.unchanged))
end
