-- wrk script for bench/soak: bench/report.lua's counts, over the paths given after "--",
-- taken in turn.

dofile("bench/report.lua")

local paths = {}
local counter = 0
local count_init = init

function init(args)
  count_init(args)
  paths = args
end

function request()
  counter = counter + 1
  return wrk.format(nil, paths[counter % #paths + 1])
end
