-- resty.lock for restyc: lua-resty-lock's non-blocking lock over a lua_shared_dict (a key added
-- with `add` is the lock; waiters sleep with exponential back-off), with its API: new, lock,
-- unlock, expire. A lock object that is garbage-collected while it holds its lock releases it.

local shared, sleep, log, ERR = ngx.shared, ngx.sleep, ngx.log, ngx.ERR
local max, min = math.max, math.min
local setmetatable, getmetatable, newproxy = setmetatable, getmetatable, newproxy

local _M = { _VERSION = "0.09" }
local mt = { __index = _M }

-- The lock held: the object's key and dict, kept where its __gc guard can see them.
local function guard(state)
    local p = newproxy(true)
    getmetatable(p).__gc = function()
        local key = state.key
        if key ~= nil then
            state.key = nil
            local ok, err = state.dict:delete(key)
            if not ok then
                log(ERR, 'failed to delete key "', key, '": ', err)
            end
        end
    end
    return p
end

function _M.new(_, dict_name, opts)
    local dict = shared[dict_name]
    if not dict then
        return nil, "dictionary not found"
    end
    local timeout, exptime, step, ratio, max_step
    if opts then
        timeout, exptime, step = opts.timeout, opts.exptime, opts.step
        ratio, max_step = opts.ratio, opts.max_step
    end
    exptime = exptime or 30
    if timeout then
        timeout = min(timeout, exptime)
        if step then
            step = min(step, timeout)
        end
    end
    local state = { dict = dict }
    return setmetatable({
        state = state,
        guard = guard(state),
        dict = dict,
        timeout = timeout or 5,
        exptime = exptime,
        step = step or 0.001,
        ratio = ratio or 2,
        max_step = max_step or 0.5,
    }, mt)
end

-- The seconds waited for the lock on `key`, or nil and "timeout" (or the dict's error).
function _M.lock(self, key, exptime)
    if not key then
        return nil, "nil key"
    end
    local state, dict = self.state, self.dict
    if state.key ~= nil then
        return nil, "locked"
    end
    exptime = exptime or self.exptime
    local ok, err = dict:add(key, true, exptime)
    if ok then
        state.key = key
        return 0
    end
    if err ~= "exists" then
        return nil, err
    end
    -- Held by someone else: wait in growing steps.
    local step, ratio, max_step = self.step, self.ratio, self.max_step
    local timeout = self.timeout
    if timeout > exptime then
        timeout = exptime
    end
    local elapsed = 0
    while timeout > 0 do
        sleep(step)
        elapsed = elapsed + step
        timeout = timeout - step
        ok, err = dict:add(key, true, exptime)
        if ok then
            state.key = key
            return elapsed
        end
        if err ~= "exists" then
            return nil, err
        end
        if timeout <= 0 then
            break
        end
        step = min(max(0.001, step * ratio), timeout, max_step)
    end
    return nil, "timeout"
end

function _M.unlock(self)
    local state = self.state
    local key = state.key
    if key == nil then
        return nil, "unlocked"
    end
    state.key = nil
    local ok, err = self.dict:delete(key)
    if not ok then
        return nil, err
    end
    return 1
end

-- A new expiry time (s, default the object's exptime) for the lock held.
function _M.expire(self, time)
    local key = self.state.key
    if key == nil then
        return nil, "unlocked"
    end
    local ok, err = self.dict:replace(key, true, time or self.exptime)
    if not ok then
        return nil, err
    end
    return true
end

return _M
