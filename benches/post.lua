-- wrk script: logged-in readers posting reactions, round robin over the session
-- cookies in $COOKIES; every body is unique. Counts the answers by status.
local threads = {}
local cookies = {}
counter = 0

answered = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

-- Bodies differ between runs too: the same text twice within an hour is refused.
local run = tostring(os.time())

function init(args)
  for line in io.lines(os.getenv("COOKIES")) do
    if #line > 0 then table.insert(cookies, line) end
  end
  answered = {}
end

function request()
  counter = counter + 1
  local cookie = cookies[(counter + tid * 7) % #cookies + 1]
  local body = "body=Reactie+" .. run .. "-" .. tid .. "-" .. counter .. "+uit+de+schrijfproef"
  return wrk.format("POST", "/" .. os.getenv("SLUG") .. "/reacties", {
    ["Cookie"] = "reacties_sessie=" .. cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  answered[status] = (answered[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  local sent = 0
  for _, thread in ipairs(threads) do
    sent = sent + thread:get("counter")
    local a = thread:get("answered")
    for status, n in pairs(a) do totals[status] = (totals[status] or 0) + n end
  end
  for status, n in pairs(totals) do
    io.write(string.format("STATUS %d %d\n", status, n))
  end
  -- Requests still in flight when wrk stopped were sent but never answered.
  io.write(string.format("SENT %d\n", sent))
end
