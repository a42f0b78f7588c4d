-- wrk script: logged-in readers posting reactions (a share $WRITE_SHARE of the
-- requests, 1 by default) and anonymous readers reading the same article (the
-- rest). Sessions come round robin from $COOKIES; every body is unique, also
-- between runs (the same text twice within an hour is refused). With
-- MODE=stances the writes are JA, NEE or taking a stance back on one of the
-- seven reasons instead. Counts answers by status, and requests sent.
local threads = {}
local cookies = {}
-- RUN_TAG tells apart the bodies of two wrk processes started in the same second.
local run = tostring(os.time()) .. (os.getenv("RUN_TAG") or "")
local share = tonumber(os.getenv("WRITE_SHARE") or "1")
local slug = "/" .. os.getenv("SLUG")
local stances = os.getenv("MODE") == "stances"
local choices = { "ja", "nee", "geen" }
counter = 0
answered = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("COOKIES")) do
    if #line > 0 then table.insert(cookies, line) end
  end
  math.randomseed(tid * 7919)
end

function request()
  counter = counter + 1
  if share < 1 and math.random() >= share then
    return wrk.format("GET", slug)
  end
  local cookie = cookies[(counter + tid * 7) % #cookies + 1]
  if stances then
    return wrk.format("POST", slug .. "/redenen/" .. (counter % 7 + 1), {
      ["Cookie"] = "reacties_sessie=" .. cookie,
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, "keuze=" .. choices[(counter + tid) % 3 + 1])
  end
  return wrk.format("POST", slug .. "/reacties", {
    ["Cookie"] = "reacties_sessie=" .. cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "body=Reactie+" .. run .. "-" .. tid .. "-" .. counter)
end

function response(status, headers, body)
  answered[status] = (answered[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  local sent = 0
  for _, thread in ipairs(threads) do
    sent = sent + thread:get("counter")
    for status, n in pairs(thread:get("answered")) do totals[status] = (totals[status] or 0) + n end
  end
  for status, n in pairs(totals) do
    io.write(string.format("STATUS %d %d\n", status, n))
  end
  -- Requests still in flight when wrk stopped were sent but never answered.
  io.write(string.format("SENT %d\n", sent))
end
