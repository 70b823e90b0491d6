-- resty.limit.req for restyc: lua-resty-limit-traffic's leaky bucket (ngx_limit_req's
-- algorithm in Lua) over a lua_shared_dict, with its API: new, incoming, uncommit, set_rate,
-- set_burst. Rates and excess are kept in milli-requests, as nginx does.

local ffi = require "ffi"

local shared, now = ngx.shared, ngx.now
local abs, max = math.abs, math.max
local setmetatable, tonumber, type, assert = setmetatable, tonumber, type, assert

-- A key's state as the dict stores it: the excess and the time of the last request (ms), the
-- record lua-resty-limit-traffic keeps (so a dict can be shared with its copies).
pcall(ffi.cdef, [[
    struct lua_resty_limit_req_rec {
        unsigned long excess;
        uint64_t last;
    };
]])
local rec_ptr = ffi.typeof("const struct lua_resty_limit_req_rec*")
local rec_size = ffi.sizeof("struct lua_resty_limit_req_rec")
local scratch = ffi.new("struct lua_resty_limit_req_rec")

local _M = { _VERSION = "0.09" }
local mt = { __index = _M }

function _M.new(dict_name, rate, burst)
    local dict = shared[dict_name]
    if not dict then
        return nil, "shared dict not found"
    end
    assert(rate > 0 and burst >= 0)
    return setmetatable({ dict = dict, rate = rate * 1000, burst = burst * 1000 }, mt)
end

local function record(v)
    if type(v) ~= "string" or #v ~= rec_size then
        return nil
    end
    return ffi.cast(rec_ptr, v)
end

local function store(dict, key, excess, last)
    scratch.excess = excess
    scratch.last = last
    return dict:set(key, ffi.string(scratch, rec_size))
end

-- The delay (s) and the excess (requests) for a new request on `key`, or nil and "rejected";
-- recorded when `commit`.
function _M.incoming(self, key, commit)
    local dict, rate = self.dict, self.rate
    local t = now() * 1000
    local excess = 0
    local v = dict:get(key)
    if v then
        local rec = record(v)
        if not rec then
            return nil, "shdict abused by other users"
        end
        local elapsed = t - tonumber(rec.last)
        excess = max(tonumber(rec.excess) - rate * abs(elapsed) / 1000 + 1000, 0)
        if excess > self.burst then
            return nil, "rejected"
        end
    end
    if commit then
        store(dict, key, excess, t)
    end
    return excess / rate, excess / 1000
end

function _M.uncommit(self, key)
    assert(key)
    local v = self.dict:get(key)
    if not v then
        return nil, "not found"
    end
    local rec = record(v)
    if not rec then
        return nil, "shdict abused by other users"
    end
    store(self.dict, key, max(tonumber(rec.excess) - 1000, 0), rec.last)
    return true
end

function _M.set_rate(self, rate)
    self.rate = rate * 1000
end

function _M.set_burst(self, burst)
    self.burst = burst * 1000
end

return _M
