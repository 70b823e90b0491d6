-- resty.mysql for restyc: the lua-resty-mysql API (0.26) over ngx.socket.tcp, for configs that
-- `require "resty.mysql"` without shipping a copy (a copy on lua_package_path wins).
--
-- MySQL / MariaDB client protocol 4.1: handshake with mysql_native_password (and the auth
-- switch to it), COM_QUERY with text result sets. Rows are tables keyed by column name (arrays
-- with `compact_arrays`); numeric columns become Lua numbers and NULL is ngx.null; an OK
-- packet gives {affected_rows, insert_id, server_status, warning_count, message}. A result
-- followed by more (multi-statements) comes with "again" as its second value.

local bit = require "bit"
local band, bor, bxor, lshift, rshift = bit.band, bit.bor, bit.bxor, bit.lshift, bit.rshift
local byte, char, sub, rep = string.byte, string.char, string.sub, string.rep
local concat = table.concat
local sha1 = ngx.sha1_bin
local null = ngx.null
local tcp = ngx.socket.tcp
local type, tonumber, tostring, setmetatable, error = type, tonumber, tostring, setmetatable, error
local ok_new, new_tab = pcall(require, "table.new")
if not ok_new then
    new_tab = function() return {} end
end

local _M = { _VERSION = "0.26" }
local mt = { __index = _M }

local STATE_CONNECTED = 1
local STATE_COMMAND_SENT = 2

local COM_QUIT = 0x01
local COM_QUERY = 0x03
local SERVER_MORE_RESULTS_EXISTS = 0x08

-- CLIENT_LONG_PASSWORD | FOUND_ROWS | LONG_FLAG | CONNECT_WITH_DB | ODBC | LOCAL_FILES |
-- IGNORE_SPACE | PROTOCOL_41 | INTERACTIVE | IGNORE_SIGPIPE | TRANSACTIONS | RESERVED |
-- SECURE_CONNECTION | MULTI_STATEMENTS | MULTI_RESULTS
local CLIENT_FLAGS = 0x3f7cf
local CLIENT_PLUGIN_AUTH = 0x80000

-- Column types whose text values become numbers (decimal, tiny, short, long, float, double,
-- int24, year, newdecimal; BIGINT stays a string, as lua-resty-mysql keeps it).
local NUMERIC = {
    [0x00] = true, [0x01] = true, [0x02] = true, [0x03] = true, [0x04] = true,
    [0x05] = true, [0x09] = true, [0x0d] = true, [0xf6] = true,
}

local CHARSETS = {
    _default = 0, big5 = 1, dec8 = 3, cp850 = 4, hp8 = 6, koi8r = 7, latin1 = 8, latin2 = 9,
    swe7 = 10, ascii = 11, ujis = 12, sjis = 13, hebrew = 16, tis620 = 18, euckr = 19,
    koi8u = 22, gb2312 = 24, greek = 25, cp1250 = 26, gbk = 28, latin5 = 30, armscii8 = 32,
    utf8 = 33, ucs2 = 35, cp866 = 36, keybcs2 = 37, macce = 38, macroman = 39, cp852 = 40,
    latin7 = 41, utf8mb4 = 45, cp1251 = 51, utf16 = 54, utf16le = 56, cp1256 = 57,
    cp1257 = 59, utf32 = 60, binary = 63, geostd8 = 92, cp932 = 95, eucjpms = 97,
    gb18030 = 248,
}

local function u16(s, i)
    local a, b = byte(s, i, i + 1)
    return bor(a, lshift(b, 8)), i + 2
end

local function u24(s, i)
    local a, b, c = byte(s, i, i + 2)
    return bor(a, lshift(b, 8), lshift(c, 16)), i + 3
end

local function u32(s, i)
    local a, b, c, d = byte(s, i, i + 3)
    return a + b * 256 + c * 65536 + d * 16777216, i + 4
end

local function le(n, bytes)
    local out = new_tab(bytes, 0)
    for k = 1, bytes do
        out[k] = char(n % 256)
        n = (n - n % 256) / 256
    end
    return concat(out)
end

-- A length-encoded integer; nil for the NULL marker 0xfb.
local function lenenc(s, i)
    local first = byte(s, i)
    if not first then
        return nil, i
    end
    if first < 0xfb then
        return first, i + 1
    elseif first == 0xfb then
        return nil, i + 1
    elseif first == 0xfc then
        return u16(s, i + 1)
    elseif first == 0xfd then
        return u24(s, i + 1)
    end
    local lo = u32(s, i + 1)
    local hi = u32(s, i + 5)
    return lo + hi * 4294967296, i + 9
end

local function lenenc_str(s, i)
    local len
    len, i = lenenc(s, i)
    if not len then
        return null, i
    end
    return sub(s, i, i + len - 1), i + len
end

local function cstr(s, i)
    local e = s:find("\0", i, true)
    if not e then
        return sub(s, i), #s + 1
    end
    return sub(s, i, e - 1), e + 1
end

local function send_packet(self, body)
    local sock = self.sock
    self.packet_no = (self.packet_no + 1) % 256
    return sock:send({ le(#body, 3), char(self.packet_no), body })
end

-- One packet: its body and its kind ("OK", "ERR", "EOF" or "DATA").
local function recv_packet(self)
    local sock = self.sock
    local head, err = sock:receive(4)
    if not head then
        return nil, nil, "failed to receive packet header: " .. err
    end
    local len = u24(head, 1)
    if len == 0 then
        return nil, nil, "empty packet"
    end
    if len > self._max_packet_size then
        return nil, nil, "packet size too big: " .. len
    end
    self.packet_no = byte(head, 4)
    local data, rerr = sock:receive(len)
    if not data then
        return nil, nil, "failed to read packet content: " .. rerr
    end
    local field = byte(data, 1)
    local kind
    if field == 0x00 then
        kind = "OK"
    elseif field == 0xff then
        kind = "ERR"
    elseif field == 0xfe and len < 9 then
        kind = "EOF"
    else
        kind = "DATA"
    end
    return data, kind
end

-- An ERR packet as a call's results: nil, message, errno, sqlstate.
local function err_result(data)
    local errno = u16(data, 2)
    local marker = sub(data, 4, 4)
    local sqlstate, msg
    if marker == "#" then
        sqlstate = sub(data, 5, 9)
        msg = sub(data, 10)
    else
        msg = sub(data, 4)
    end
    return nil, msg, errno, sqlstate
end

local function parse_ok(data)
    local res = {}
    local i = 2
    res.affected_rows, i = lenenc(data, i)
    res.insert_id, i = lenenc(data, i)
    res.server_status, i = u16(data, i)
    res.warning_count, i = u16(data, i)
    local message = lenenc_str(data, i)
    if message and message ~= null then
        res.message = message
    end
    return res
end

local function native_token(password, scramble)
    if not password or password == "" then
        return ""
    end
    local stage1 = sha1(password)
    local stage3 = sha1(scramble .. sha1(stage1))
    local out = new_tab(#stage1, 0)
    for k = 1, #stage1 do
        out[k] = char(bxor(byte(stage1, k), byte(stage3, k)))
    end
    return concat(out)
end

function _M.new(self)
    local sock, err = tcp()
    if not sock then
        return nil, err
    end
    return setmetatable({ sock = sock }, mt)
end

function _M.set_timeout(self, timeout)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    return sock:settimeout(timeout)
end

function _M.set_compact_arrays(self, value)
    self.compact = value
end

function _M.server_ver(self)
    return self._server_ver
end

function _M.connect(self, opts)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    local max_packet_size = opts.max_packet_size or 1024 * 1024
    self._max_packet_size = max_packet_size
    self.compact = opts.compact_arrays
    local database = opts.database or ""
    local user = opts.user or ""
    local charset = CHARSETS[opts.charset or "_default"]
    if not charset then
        return nil, "charset '" .. tostring(opts.charset) .. "' is not supported"
    end
    local pool = opts.pool
    local ok, err
    local path = opts.path
    if not opts.host and not path then
        return nil, 'neither "host" nor "path" options are specified'
    end
    if not opts.host then
        if not pool then
            pool = user .. ":" .. database .. ":" .. path
        end
        ok, err = sock:connect("unix:" .. path, { pool = pool, pool_size = opts.pool_size,
                                                  backlog = opts.backlog })
    else
        local host = opts.host
        local port = opts.port or 3306
        if not pool then
            pool = user .. ":" .. database .. ":" .. host .. ":" .. port
        end
        ok, err = sock:connect(host, port, { pool = pool, pool_size = opts.pool_size,
                                             backlog = opts.backlog })
    end
    if not ok then
        return nil, "failed to connect: " .. err
    end
    if opts.ssl then
        return nil, "ssl is not supported by restyc yet"
    end
    local reused = sock:getreusedtimes()
    if reused and reused > 0 then
        self.state = STATE_CONNECTED
        return 1
    end

    self.packet_no = -1
    local data, kind, rerr = recv_packet(self)
    if not data then
        return nil, rerr
    end
    if kind == "ERR" then
        return err_result(data)
    end
    self.protocol_ver = byte(data, 1)
    local i = 2
    self._server_ver, i = cstr(data, i)
    self._thread_id, i = u32(data, i)
    local scramble = sub(data, i, i + 7)
    i = i + 9
    local caps
    caps, i = u16(data, i)
    self._server_lang = byte(data, i)
    i = i + 1
    self._server_status, i = u16(data, i)
    local more_caps
    more_caps, i = u16(data, i)
    caps = caps + more_caps * 65536
    local auth_len = byte(data, i) or 0
    i = i + 11
    local part2_len = auth_len > 8 and auth_len - 8 or 13
    local part2 = sub(data, i, i + part2_len - 1)
    i = i + part2_len
    scramble = scramble .. (part2:gsub("%z$", ""))
    local plugin = "mysql_native_password"
    if band(caps, CLIENT_PLUGIN_AUTH) ~= 0 then
        plugin = cstr(data, i)
    end

    local token = native_token(opts.password, scramble)
    local flags = CLIENT_FLAGS
    local tail = ""
    if band(caps, CLIENT_PLUGIN_AUTH) ~= 0 then
        flags = flags + CLIENT_PLUGIN_AUTH
        tail = "mysql_native_password\0"
    end
    local req = concat({
        le(flags, 4), le(max_packet_size, 4), char(charset), rep("\0", 23),
        user, "\0", char(#token), token, database, "\0", tail,
    })
    local bytes, serr = send_packet(self, req)
    if not bytes then
        return nil, "failed to send client authentication packet: " .. serr
    end

    data, kind, rerr = recv_packet(self)
    if not data then
        return nil, "failed to receive the result packet: " .. rerr
    end
    if kind == "EOF" or (kind == "DATA" and byte(data, 1) == 0xfe) then
        -- Auth switch: the server asks for another plugin, with a new scramble.
        local name, j = cstr(data, 2)
        if name ~= "mysql_native_password" then
            return nil, "unsupported auth plugin: " .. name
        end
        local salt = (sub(data, j):gsub("%z$", ""))
        bytes, serr = send_packet(self, native_token(opts.password, salt))
        if not bytes then
            return nil, serr
        end
        data, kind, rerr = recv_packet(self)
        if not data then
            return nil, rerr
        end
    end
    if kind == "ERR" then
        return err_result(data)
    end
    if kind ~= "OK" then
        return nil, "bad packet type: " .. kind
    end
    self.state = STATE_CONNECTED
    return 1
end

function _M.set_keepalive(self, ...)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    if self.state ~= STATE_CONNECTED then
        return nil, "cannot be reused in the current connection state: " .. (self.state or "nil")
    end
    self.state = nil
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
    self.state = nil
    self.packet_no = -1
    local bytes, err = send_packet(self, char(COM_QUIT))
    if not bytes then
        return nil, err
    end
    return sock:close()
end

function _M.send_query(self, query)
    if self.state ~= STATE_CONNECTED then
        return nil, "cannot send query in the current context: " .. (self.state or "nil")
    end
    if not self.sock then
        return nil, "not initialized"
    end
    self.packet_no = -1
    local bytes, err = send_packet(self, char(COM_QUERY) .. query)
    if not bytes then
        return nil, err
    end
    self.state = STATE_COMMAND_SENT
    return bytes
end

local function read_row(data, cols, compact)
    local row = compact and new_tab(#cols, 0) or new_tab(0, #cols)
    local i = 1
    for c = 1, #cols do
        local col = cols[c]
        local value
        value, i = lenenc_str(data, i)
        if value ~= null and NUMERIC[col.type] then
            value = tonumber(value)
        end
        if compact then
            row[c] = value
        else
            row[col.name] = value
        end
    end
    return row
end

function _M.read_result(self, est_nrows)
    if self.state ~= STATE_COMMAND_SENT then
        return nil, "cannot read result in the current context: " .. (self.state or "nil")
    end
    if not self.sock then
        return nil, "not initialized"
    end
    local data, kind, err = recv_packet(self)
    if not data then
        return nil, err
    end
    if kind == "ERR" then
        self.state = STATE_CONNECTED
        return err_result(data)
    end
    if kind == "OK" then
        local res = parse_ok(data)
        if band(res.server_status, SERVER_MORE_RESULTS_EXISTS) ~= 0 then
            return res, "again"
        end
        self.state = STATE_CONNECTED
        return res
    end
    if kind ~= "DATA" then
        self.state = STATE_CONNECTED
        return nil, "packet type " .. kind .. " not supported"
    end
    local ncols = lenenc(data, 1)
    local cols = new_tab(ncols, 0)
    for c = 1, ncols do
        local col
        data, kind, err = recv_packet(self)
        if not data then
            return nil, err
        end
        if kind == "ERR" then
            return err_result(data)
        end
        local i = 1
        local _
        _, i = lenenc_str(data, i) -- catalog
        _, i = lenenc_str(data, i) -- schema
        _, i = lenenc_str(data, i) -- table
        _, i = lenenc_str(data, i) -- org_table
        col = {}
        col.name, i = lenenc_str(data, i)
        _, i = lenenc_str(data, i) -- org_name
        i = i + 1 + 2 + 4 -- filler, charset, length
        col.type = byte(data, i)
        cols[c] = col
    end
    data, kind, err = recv_packet(self)
    if not data then
        return nil, err
    end
    if kind ~= "EOF" then
        return nil, "unexpected packet type " .. kind .. " while eof packet is expected"
    end
    local rows = new_tab(est_nrows or 4, 0)
    local n = 0
    while true do
        data, kind, err = recv_packet(self)
        if not data then
            return nil, err
        end
        if kind == "EOF" then
            local status = u16(data, 4)
            if band(status, SERVER_MORE_RESULTS_EXISTS) ~= 0 then
                return rows, "again"
            end
            break
        end
        if kind == "ERR" then
            self.state = STATE_CONNECTED
            return err_result(data)
        end
        n = n + 1
        rows[n] = read_row(data, cols, self.compact)
    end
    self.state = STATE_CONNECTED
    return rows
end

function _M.query(self, query, est_nrows)
    local bytes, err = _M.send_query(self, query)
    if not bytes then
        return nil, "failed to send query: " .. err
    end
    return _M.read_result(self, est_nrows)
end

return _M
