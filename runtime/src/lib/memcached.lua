-- restyc's resty.memcached: lua-resty-memcached 0.16's API (memcached's text protocol over
-- ngx.socket.tcp), written for restyc. Keys are escaped with ngx.escape_uri unless
-- new{ key_transform = { escape, unescape } } says otherwise; a read timeout closes the
-- connection, as the library does.

local ngx = ngx
local match, concat = string.match, table.concat
local type, setmetatable, tostring = type, setmetatable, tostring

local _M = { _VERSION = "0.16" }
local mt = { __index = _M }

function _M.new(self, opts)
    local sock, err = ngx.socket.tcp()
    if not sock then
        return nil, err
    end
    local escape, unescape = ngx.escape_uri, ngx.unescape_uri
    local transform = opts and opts.key_transform
    if transform then
        escape, unescape = transform[1], transform[2]
        if not escape or not unescape then
            return nil, "expecting key_transform = { escape, unescape } table"
        end
    end
    return setmetatable({ sock = sock, escape_key = escape, unescape_key = unescape }, mt)
end

function _M.set_timeout(self, timeout)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    sock:settimeout(timeout)
    return 1
end

function _M.set_timeouts(self, connect_timeout, send_timeout, read_timeout)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    sock:settimeouts(connect_timeout, send_timeout, read_timeout)
    return 1
end

function _M.connect(self, ...)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    return sock:connect(...)
end

-- A read from the server; a timeout closes the connection (its state is unknown).
local function recv(sock, what)
    local data, err = sock:receive(what)
    if not data and err == "timeout" then
        sock:close()
    end
    return data, err
end

-- Sends `req` and reads the one-line answer.
local function request(self, req)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    local sent, err = sock:send(req)
    if not sent then
        return nil, err
    end
    return recv(sock)
end

-- The values of a multi-key get/gets: { [key] = { data, flags[, cas_unique] } }.
local function multi(self, cmd, keys, with_cas)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    local n = #keys
    if n == 0 then
        return {}, nil
    end
    local escape = self.escape_key
    local parts = { cmd }
    for i = 1, n do
        parts[i + 1] = " " .. escape(keys[i])
    end
    parts[n + 2] = "\r\n"
    local sent, err = sock:send(concat(parts))
    if not sent then
        return nil, err
    end
    local unescape = self.unescape_key
    local out = {}
    while true do
        local line, lerr = recv(sock)
        if not line then
            return nil, lerr
        end
        if line == "END" then
            return out
        end
        local key, flags, len, cas
        if with_cas then
            key, flags, len, cas = match(line, "^VALUE (%S+) (%d+) (%d+) (%d+)$")
        else
            key, flags, len = match(line, "^VALUE (%S+) (%d+) (%d+)$")
        end
        if not key then
            return nil, line
        end
        local data, derr = recv(sock, len)
        if not data then
            return nil, derr
        end
        out[unescape(key)] = { data, flags, cas }
        local crlf, cerr = recv(sock, 2)
        if not crlf then
            return nil, cerr
        end
    end
end

-- One value of a get/gets: data, flags[, cas_unique], or nil and an error (none when the
-- key is missing).
local function single(self, cmd, key, with_cas)
    local sock = self.sock
    local nils = with_cas and 3 or 2
    local function fail(err)
        if nils == 3 then
            return nil, nil, nil, err
        end
        return nil, nil, err
    end
    if not sock then
        return fail("not initialized")
    end
    local sent, err = sock:send(cmd .. " " .. self.escape_key(key) .. "\r\n")
    if not sent then
        -- (lua-resty-memcached answers two values here, whichever the command)
        return nil, nil, err
    end
    local line
    line, err = recv(sock)
    if not line then
        return fail(err)
    end
    if line == "END" then
        return fail(nil)
    end
    local flags, len, cas
    if with_cas then
        flags, len, cas = match(line, "^VALUE %S+ (%d+) (%d+) (%d+)$")
    else
        flags, len = match(line, "^VALUE %S+ (%d+) (%d+)$")
    end
    if not flags then
        return fail(line)
    end
    local data
    data, err = recv(sock, len)
    if not data then
        return fail(err)
    end
    -- the CRLF after the data and the END line
    local tail
    tail, err = recv(sock, 7)
    if not tail then
        return fail(err)
    end
    if with_cas then
        return data, flags, cas
    end
    return data, flags
end

function _M.get(self, key)
    if type(key) == "table" then
        return multi(self, "get", key, false)
    end
    return single(self, "get", key, false)
end

function _M.gets(self, key)
    if type(key) == "table" then
        return multi(self, "gets", key, true)
    end
    return single(self, "gets", key, true)
end

-- A value given as a (nested) array of strings is concatenated.
local function flatten(v)
    local out = {}
    for i = 1, #v do
        local x = v[i]
        out[i] = type(x) == "table" and flatten(x) or x
    end
    return concat(out)
end

local function store(self, cmd, key, value, exptime, flags, cas)
    if not self.sock then
        return nil, "not initialized"
    end
    if type(value) == "table" then
        value = flatten(value)
    end
    value = tostring(value)
    local head = cmd .. " " .. self.escape_key(key) .. " " .. (flags or 0) .. " "
        .. (exptime or 0) .. " " .. #value
    if cas then
        head = head .. " " .. cas
    end
    local line, err = request(self, head .. "\r\n" .. value .. "\r\n")
    if not line then
        return nil, err
    end
    if line == "STORED" then
        return 1
    end
    return nil, line
end

for _, cmd in ipairs({ "set", "add", "replace", "append", "prepend" }) do
    _M[cmd] = function(self, key, value, exptime, flags)
        return store(self, cmd, key, value, exptime, flags)
    end
end

function _M.cas(self, key, value, cas_unique, exptime, flags)
    return store(self, "cas", key, value, exptime, flags, cas_unique)
end

-- A command answered by one line, `want` meaning success.
local function simple(self, req, want)
    local line, err = request(self, req)
    if not line then
        return nil, err
    end
    if line ~= want then
        return nil, line
    end
    return 1
end

function _M.delete(self, key)
    if not self.sock then
        return nil, "not initialized"
    end
    return simple(self, "delete " .. self.escape_key(key) .. "\r\n", "DELETED")
end

function _M.flush_all(self, time)
    local req = time and ("flush_all " .. time .. "\r\n") or "flush_all\r\n"
    return simple(self, req, "OK")
end

function _M.verbosity(self, level)
    return simple(self, "verbosity " .. level .. "\r\n", "OK")
end

local function incr_decr(self, cmd, key, value)
    if not self.sock then
        return nil, "not initialized"
    end
    local line, err = request(self, cmd .. " " .. self.escape_key(key) .. " " .. value .. "\r\n")
    if not line then
        return nil, err
    end
    if not match(line, "^%d+$") then
        return nil, line
    end
    return line
end

function _M.incr(self, key, value)
    return incr_decr(self, "incr", key, value)
end

function _M.decr(self, key, value)
    return incr_decr(self, "decr", key, value)
end

function _M.touch(self, key, exptime)
    if not self.sock then
        return nil, "not initialized"
    end
    local line, err = request(self, "touch " .. self.escape_key(key) .. " " .. exptime .. "\r\n")
    if not line then
        return nil, err
    end
    -- (couchbase's moxi answers STORED)
    if line == "TOUCHED" or line == "STORED" then
        return 1
    end
    return nil, line
end

function _M.stats(self, args)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    local sent, err = sock:send(args and ("stats " .. args .. "\r\n") or "stats\r\n")
    if not sent then
        return nil, err
    end
    local lines = {}
    while true do
        local line, lerr = recv(sock)
        if not line then
            return nil, lerr
        end
        if line == "END" then
            return lines, nil
        end
        if match(line, "ERROR") then
            return nil, line
        end
        lines[#lines + 1] = line
    end
end

function _M.version(self)
    local line, err = request(self, "version\r\n")
    if not line then
        return nil, err
    end
    local ver = match(line, "^VERSION (.+)$")
    if not ver then
        -- (lua-resty-memcached answers nil, nil here)
        return nil, nil
    end
    return ver
end

function _M.quit(self)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    local sent, err = sock:send("quit\r\n")
    if not sent then
        return nil, err
    end
    return 1
end

function _M.set_keepalive(self, ...)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    return sock:setkeepalive(...)
end

function _M.get_reused_times(self)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    return sock:getreusedtimes()
end

function _M.close(self)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    return sock:close()
end

return _M
