-- resty.redis for restyc: the lua-resty-redis API (0.29) over ngx.socket.tcp, for configs
-- that `require "resty.redis"` without shipping a copy (a copy on lua_package_path wins).
--
-- Replies: status → string, integer → number, bulk → string (ngx.null when absent),
-- multi-bulk → table (ngx.null when absent; an error inside → {false, "message"}),
-- error → false, "message" (a command's second result).

local ngx = ngx
local null = ngx.null
local tcp = ngx.socket.tcp
local byte, sub = string.byte, string.sub
local type, tostring, tonumber, select = type, tostring, tonumber, select
local setmetatable, rawget, rawset, error = setmetatable, rawget, rawset, error
local pairs, ipairs, unpack = pairs, ipairs, unpack
local ok_new, new_tab = pcall(require, "table.new")
if not ok_new then
    new_tab = function() return {} end
end

local _M = new_tab(0, 64)
_M._VERSION = "0.29"

local mt = { __index = _M }

function _M.new(self)
    local sock, err = tcp()
    if not sock then
        return nil, err
    end
    return setmetatable({ _sock = sock, _subscribed = false }, mt)
end

function _M.set_timeout(self, timeout)
    local sock = rawget(self, "_sock")
    if not sock then
        error("not initialized", 2)
    end
    sock:settimeout(timeout)
end

function _M.set_timeouts(self, connect_timeout, send_timeout, read_timeout)
    local sock = rawget(self, "_sock")
    if not sock then
        error("not initialized", 2)
    end
    sock:settimeouts(connect_timeout, send_timeout, read_timeout)
end

-- connect(host, port [, opts]) or connect("unix:/path" [, opts]); opts as tcpsock:connect's
-- (pool, pool_size, backlog), and ssl, ssl_verify, server_name.
function _M.connect(self, host, port_or_opts, opts)
    local sock = rawget(self, "_sock")
    if not sock then
        return nil, "not initialized"
    end
    if type(host) ~= "string" then
        error("bad argument #1 host: string expected, got " .. type(host), 2)
    end
    rawset(self, "_subscribed", false)
    local unix = sub(host, 1, 5) == "unix:"
    if unix and port_or_opts ~= nil and type(port_or_opts) ~= "table" then
        error("bad argument #2 opts: nil or table expected, got " .. type(port_or_opts), 2)
    end
    if unix then
        opts = port_or_opts
    end
    local ok, err
    if unix then
        if opts ~= nil then
            ok, err = sock:connect(host, opts)
        else
            ok, err = sock:connect(host)
        end
    elseif opts ~= nil then
        ok, err = sock:connect(host, port_or_opts, opts)
    else
        ok, err = sock:connect(host, port_or_opts)
    end
    if not ok then
        return ok, err
    end
    -- (opts.ssl, as lua-resty-redis 0.30 and later: a TLS handshake after connecting)
    if opts and opts.ssl then
        ok, err = sock:sslhandshake(false, opts.server_name, opts.ssl_verify)
        if not ok then
            return ok, "failed to do ssl handshake: " .. err
        end
    end
    return ok, err
end

function _M.set_keepalive(self, ...)
    local sock = rawget(self, "_sock")
    if not sock then
        return nil, "not initialized"
    end
    if rawget(self, "_subscribed") then
        return nil, "subscribed state"
    end
    return sock:setkeepalive(...)
end

function _M.get_reused_times(self)
    local sock = rawget(self, "_sock")
    if not sock then
        return nil, "not initialized"
    end
    return sock:getreusedtimes()
end

function _M.close(self)
    local sock = rawget(self, "_sock")
    if not sock then
        return nil, "not initialized"
    end
    return sock:close()
end

local function read_reply(self, sock)
    local line, err = sock:receive()
    if not line then
        if err == "timeout" and not rawget(self, "_subscribed") then
            sock:close()
        end
        return nil, err
    end
    local kind = byte(line)
    if kind == 36 then -- '$' bulk
        local size = tonumber(sub(line, 2))
        if not size or size < 0 then
            return null
        end
        local data, rerr = sock:receive(size)
        if not data then
            if rerr == "timeout" then
                sock:close()
            end
            return nil, rerr
        end
        local crlf, cerr = sock:receive(2)
        if not crlf then
            if cerr == "timeout" then
                sock:close()
            end
            return nil, cerr
        end
        return data
    elseif kind == 43 then -- '+' status
        return sub(line, 2)
    elseif kind == 42 then -- '*' multi-bulk
        local n = tonumber(sub(line, 2))
        if not n or n < 0 then
            return null
        end
        local vals = new_tab(n, 0)
        local count = 0
        for _ = 1, n do
            local res, rerr = read_reply(self, sock)
            if res then
                count = count + 1
                vals[count] = res
            elseif res == nil then
                return nil, rerr
            else
                count = count + 1
                vals[count] = { false, rerr }
            end
        end
        return vals
    elseif kind == 58 then -- ':' integer
        return tonumber(sub(line, 2))
    elseif kind == 45 then -- '-' error
        return false, sub(line, 2)
    end
    return nil, 'unknown prefix: "' .. tostring(kind) .. '"'
end

-- The request in Redis' protocol: *N, then $len and the argument for each.
local function gen_req(args, n)
    local req = new_tab(n * 5 + 1, 0)
    req[1] = "*" .. n .. "\r\n"
    local i = 2
    for k = 1, n do
        local arg = args[k]
        if type(arg) ~= "string" then
            arg = tostring(arg)
        end
        req[i] = "$"
        req[i + 1] = #arg
        req[i + 2] = "\r\n"
        req[i + 3] = arg
        req[i + 4] = "\r\n"
        i = i + 5
    end
    return req
end

local function do_cmd(self, ...)
    local sock = rawget(self, "_sock")
    if not sock then
        return nil, "not initialized"
    end
    local n = select("#", ...)
    local req = gen_req({ ... }, n)
    local reqs = rawget(self, "_reqs")
    if reqs then
        reqs[#reqs + 1] = req
        return
    end
    local bytes, err = sock:send(req)
    if not bytes then
        return nil, err
    end
    return read_reply(self, sock)
end

local function check_subscribed(self, res)
    if type(res) == "table" and (res[1] == "unsubscribe" or res[1] == "punsubscribe")
       and res[3] == 0
    then
        rawset(self, "_subscribed", false)
    end
end

function _M.read_reply(self)
    local sock = rawget(self, "_sock")
    if not sock then
        return nil, "not initialized"
    end
    if not rawget(self, "_subscribed") then
        return nil, "not subscribed"
    end
    local res, err = read_reply(self, sock)
    check_subscribed(self, res)
    return res, err
end

for _, cmd in ipairs({ "subscribe", "psubscribe" }) do
    _M[cmd] = function(self, ...)
        local res, err = do_cmd(self, cmd, ...)
        if res then
            rawset(self, "_subscribed", true)
        end
        return res, err
    end
end

for _, cmd in ipairs({ "unsubscribe", "punsubscribe" }) do
    _M[cmd] = function(self, ...)
        local res, err = do_cmd(self, cmd, ...)
        check_subscribed(self, res)
        return res, err
    end
end

-- hmset(key, {field = value, ...}) or hmset(key, field, value, ...)
function _M.hmset(self, hashname, ...)
    if select("#", ...) == 1 then
        local t = select(1, ...)
        if type(t) == "table" then
            local args = { "hmset", hashname }
            for k, v in pairs(t) do
                args[#args + 1] = k
                args[#args + 1] = v
            end
            return do_cmd(self, unpack(args))
        end
    end
    return do_cmd(self, "hmset", hashname, ...)
end

function _M.array_to_hash(self, t)
    local h = {}
    for i = 1, #t, 2 do
        h[t[i]] = t[i + 1]
    end
    return h
end

function _M.init_pipeline(self, n)
    rawset(self, "_reqs", new_tab(n or 4, 0))
end

function _M.cancel_pipeline(self)
    rawset(self, "_reqs", nil)
end

function _M.commit_pipeline(self)
    local reqs = rawget(self, "_reqs")
    if not reqs then
        return nil, "no pipeline"
    end
    rawset(self, "_reqs", nil)
    local sock = rawget(self, "_sock")
    if not sock then
        return nil, "not initialized"
    end
    local bytes, err = sock:send(reqs)
    if not bytes then
        return nil, err
    end
    local vals = new_tab(#reqs, 0)
    for i = 1, #reqs do
        local res, rerr = read_reply(self, sock)
        if res then
            vals[i] = res
        elseif res == nil then
            if rerr == "timeout" then
                sock:close()
            end
            return nil, rerr
        else
            vals[i] = { false, rerr }
        end
    end
    return vals
end

-- Deprecated in lua-resty-redis, kept for old code: every command already works.
function _M.add_commands(...)
    local cmds = { ... }
    for i = 1, #cmds do
        local cmd = cmds[i]
        _M[cmd] = function(self, ...)
            return do_cmd(self, cmd, ...)
        end
    end
end

-- Any other method name is a Redis command of that name.
setmetatable(_M, {
    __index = function(self, cmd)
        local method = function(self, ...)
            return do_cmd(self, cmd, ...)
        end
        rawset(_M, cmd, method)
        return method
    end,
})

return _M
