-- resty.limit.count for restyc: lua-resty-limit-traffic's fixed-window counter (a number of
-- requests per time window, GitHub-API style) over a lua_shared_dict: new, incoming, uncommit.

local shared = ngx.shared
local setmetatable, assert = setmetatable, assert

local _M = { _VERSION = "0.09" }
local mt = { __index = _M }

function _M.new(dict_name, limit, window)
    local dict = shared[dict_name]
    if not dict then
        return nil, "shared dict not found"
    end
    assert(limit > 0 and window > 0)
    return setmetatable({ dict = dict, limit = limit, window = window }, mt)
end

-- 0 and the requests still allowed in the window, or nil and "rejected".
function _M.incoming(self, key, commit)
    local dict, limit = self.dict, self.limit
    local remaining, err
    if commit then
        -- The window starts with the first request: the key expires `window` s after it.
        remaining, err = dict:incr(key, -1, limit, self.window)
        if not remaining then
            return nil, err
        end
    else
        remaining = (dict:get(key) or limit) - 1
    end
    if remaining < 0 then
        return nil, "rejected"
    end
    return 0, remaining
end

function _M.uncommit(self, key)
    assert(key)
    local remaining, err = self.dict:incr(key, 1)
    if not remaining then
        -- (the window is over: the whole limit is left)
        if err ~= "not found" then
            return nil, err
        end
        remaining = self.limit
    end
    return remaining
end

return _M
