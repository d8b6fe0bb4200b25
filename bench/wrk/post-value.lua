-- wrk script: POST /api/values with a bearer token, one value per request, cycling through the villages
-- and changing the value each time (so every request is a real change, kept in history).
-- Environment: TALLY_TOKEN (a clerk's API token), TALLY_PERIOD (an open month, e.g. 202611),
-- TALLY_UNITS (a file with one village code per line).
local token = os.getenv("TALLY_TOKEN")
local period = os.getenv("TALLY_PERIOD")
local units = {}
for line in io.lines(os.getenv("TALLY_UNITS")) do
  if #line > 0 then units[#units + 1] = line end
end
local headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
local counter = 0

-- Each wrk thread has its own Lua state; setup runs in the main state and numbers them, so that the threads
-- start at different places.
local threads = 0
setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end

request = function()
  counter = counter + 1
  local n = counter + (id or 0) * 100003
  local unit = units[(n % #units) + 1]
  local body = string.format(
    '{"element": "births", "combo": "male", "orgunit": "%s", "period": "%s", "value": %d}',
    unit, period, math.floor(n / #units) % 9)
  return wrk.format("POST", "/api/values", headers, body)
end

-- wrk's own summary counts non-2xx answers; print the first few for the log.
local shown = 0
response = function(status, headers, body)
  if status ~= 200 and shown < 3 then
    shown = shown + 1
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end
