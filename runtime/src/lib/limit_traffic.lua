-- resty.limit.traffic for restyc: lua-resty-limit-traffic's aggregator of limiters
-- (resty.limit.req / conn / count instances): combine(limiters, keys, states).

local max = math.max

local _M = { _VERSION = "0.09" }

-- The largest delay of all the limiters, committing each only when none rejects (the last one
-- is tried first, committed); states[i] receives each limiter's second value.
function _M.combine(limiters, keys, states)
    local n = #limiters
    local max_delay = 0
    for i = 1, n do
        local delay, err = limiters[i]:incoming(keys[i], i == n)
        if not delay then
            return nil, err
        end
        if i == n then
            if states then
                states[i] = err
            end
            max_delay = delay
        end
    end
    for i = 1, n - 1 do
        local delay, err = limiters[i]:incoming(keys[i], true)
        if not delay then
            for j = 1, i - 1 do
                limiters[j]:uncommit(keys[j])
            end
            limiters[n]:uncommit(keys[n])
            return nil, err
        end
        if states then
            states[i] = err
        end
        max_delay = max(max_delay, delay)
    end
    return max_delay
end

return _M
