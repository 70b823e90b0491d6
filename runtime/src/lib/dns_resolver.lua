-- restyc's resty.dns.resolver: lua-resty-dns's API (DNS queries over ngx.socket.udp, and
-- ngx.socket.tcp for truncated answers and tcp_query), written for restyc.

local bit = require "bit"

local ngx = ngx
local band, rshift, lshift = bit.band, bit.rshift, bit.lshift
local byte, char, sub, find, format, rep = string.byte, string.char, string.sub,
    string.find, string.format, string.rep
local concat = table.concat
local random = math.random
local type, setmetatable, ipairs = type, setmetatable, ipairs

local TYPE_A, TYPE_NS, TYPE_CNAME, TYPE_SOA, TYPE_PTR = 1, 2, 5, 6, 12
local TYPE_MX, TYPE_TXT, TYPE_AAAA, TYPE_SRV, TYPE_SPF, TYPE_CAA = 15, 16, 28, 33, 99, 257

local _M = {
    _VERSION = "0.22",
    TYPE_A = TYPE_A, TYPE_NS = TYPE_NS, TYPE_CNAME = TYPE_CNAME, TYPE_SOA = TYPE_SOA,
    TYPE_PTR = TYPE_PTR, TYPE_MX = TYPE_MX, TYPE_TXT = TYPE_TXT, TYPE_AAAA = TYPE_AAAA,
    TYPE_SRV = TYPE_SRV, TYPE_SPF = TYPE_SPF, TYPE_CAA = TYPE_CAA,
    CLASS_IN = 1,
    SECTION_AN = 1, SECTION_NS = 2, SECTION_AR = 3,
}
local mt = { __index = _M }

local RCODES = { "format error", "server failure", "name error", "not implemented", "refused" }

function _M.new(class, opts)
    if not opts then
        return nil, "no options table specified"
    end
    local servers = opts.nameservers
    if not servers or #servers == 0 then
        return nil, "no nameservers specified"
    end
    local timeout = opts.timeout or 2000
    local socks = {}
    for i, server in ipairs(servers) do
        local host, port
        if type(server) == "table" then
            host, port = server[1], server[2] or 53
        else
            host, port = server, 53
            servers[i] = { host, port }
        end
        local sock, err = ngx.socket.udp()
        if not sock then
            return nil, "failed to create udp socket: " .. err
        end
        local ok, perr = sock:setpeername(host, port)
        if not ok then
            return nil, "failed to set peer name: " .. perr
        end
        sock:settimeout(timeout)
        socks[i] = sock
    end
    local tcp_sock, err = ngx.socket.tcp()
    if not tcp_sock then
        return nil, "failed to create tcp socket: " .. err
    end
    tcp_sock:settimeout(timeout)
    return setmetatable({
        cur = opts.no_random and 1 or random(1, #socks),
        socks = socks,
        tcp_sock = tcp_sock,
        servers = servers,
        retrans = opts.retrans or 5,
        no_recurse = opts.no_recurse,
    }, mt)
end

function _M.set_timeout(self, timeout)
    local socks = self.socks
    if not socks then
        return nil, "not initialized"
    end
    for _, sock in ipairs(socks) do
        sock:settimeout(timeout)
    end
    local tcp_sock = self.tcp_sock
    if not tcp_sock then
        return nil, "not initialized"
    end
    tcp_sock:settimeout(timeout)
end

-- The next UDP socket, round robin; `self.last` is the index of the one it talks to.
local function next_sock(self)
    local i = self.cur
    self.cur = i == #self.socks and 1 or i + 1
    self.last = i
    return self.socks[i]
end

local function server_name(self)
    return concat(self.servers[self.last or 1], ":")
end

local function u16(s, i)
    return lshift(byte(s, i), 8) + byte(s, i + 1)
end

local function u32(s, i)
    local a, b, c, d = byte(s, i, i + 3)
    return lshift(a, 24) + lshift(b, 16) + lshift(c, 8) + d
end

-- A (possibly compressed) name at `pos`: the dotted name and the position after it.
local function read_name(buf, pos)
    local labels = {}
    local p, jumps, after = pos, 0, nil
    while jumps < 128 do
        local len = byte(buf, p)
        if not len then
            return nil, "truncated"
        end
        if len == 0 then
            after = after or p + 1
            break
        end
        if band(len, 0xc0) ~= 0 then
            local lo = byte(buf, p + 1)
            if not lo then
                return nil, "truncated"
            end
            after = after or p + 2
            jumps = jumps + 1
            p = lshift(band(len, 0x3f), 8) + lo + 1
        else
            labels[#labels + 1] = sub(buf, p + 1, p + len)
            p = p + len + 1
        end
    end
    return concat(labels, "."), after or p
end

-- A name-valued record: its name must end where the record does.
local function rdata_name(buf, pos, len, what)
    local name, p = read_name(buf, pos)
    if not name then
        return nil, p
    end
    if p - pos ~= len then
        return nil, format("bad %s record length: %d ~= %d", what, p - pos, len)
    end
    return name, p
end

-- The character-strings of a TXT/SPF record: one string, or an array of them.
local function strings(buf, pos, len)
    local last = pos + len
    local out = {}
    while true do
        local n = byte(buf, pos) or 0
        if pos + n + 1 > last then
            n = last - pos - 1
        end
        out[#out + 1] = sub(buf, pos + 1, pos + n)
        pos = pos + n + 1
        if pos >= last then
            break
        end
    end
    if #out == 1 then
        return out[1]
    end
    return out
end

local function aaaa(buf, pos)
    local groups = {}
    for i = 0, 14, 2 do
        local hi, lo = byte(buf, pos + i, pos + i + 1)
        groups[#groups + 1] = hi == 0 and format("%x", lo) or format("%x%02x", hi, lo)
    end
    return concat(groups, ":")
end

local function read_records(out, section, buf, pos, count, keep)
    for _ = 1, count do
        local rr = { section = section }
        if keep then
            out[#out + 1] = rr
        end
        local name, p = read_name(buf, pos)
        if not name then
            return nil, p
        end
        rr.name = name
        local typ = u16(buf, p)
        rr.type = typ
        rr.class = u16(buf, p + 2)
        rr.ttl = u32(buf, p + 4)
        local len = u16(buf, p + 8)
        pos = p + 10
        if typ == TYPE_A then
            if len ~= 4 then
                return nil, "bad A record value length: " .. len
            end
            rr.address = concat({ byte(buf, pos, pos + 3) }, ".")
            pos = pos + 4
        elseif typ == TYPE_AAAA then
            if len ~= 16 then
                return nil, "bad AAAA record value length: " .. len
            end
            rr.address = aaaa(buf, pos)
            pos = pos + 16
        elseif typ == TYPE_CNAME or typ == TYPE_NS or typ == TYPE_PTR then
            local field = typ == TYPE_CNAME and "cname" or typ == TYPE_NS and "nsdname"
                or "ptrdname"
            rr[field], p = rdata_name(buf, pos, len, "cname")
            if not rr[field] then
                return nil, p
            end
            pos = p
        elseif typ == TYPE_MX then
            if len < 3 then
                return nil, "bad MX record value length: " .. len
            end
            rr.preference = u16(buf, pos)
            local host
            host, p = read_name(buf, pos + 2)
            if not host then
                return nil, pos
            end
            if p - pos ~= len then
                return nil, format("bad cname record length: %d ~= %d", p - pos, len)
            end
            rr.exchange = host
            pos = p
        elseif typ == TYPE_SRV then
            if len < 7 then
                return nil, "bad SRV record value length: " .. len
            end
            rr.priority = u16(buf, pos)
            rr.weight = u16(buf, pos + 2)
            rr.port = u16(buf, pos + 4)
            local target
            target, p = read_name(buf, pos + 6)
            if not target then
                return nil, pos
            end
            if p - pos ~= len then
                return nil, format("bad srv record length: %d ~= %d", p - pos, len)
            end
            rr.target = target
            pos = p
        elseif typ == TYPE_TXT or typ == TYPE_SPF then
            rr[typ == TYPE_TXT and "txt" or "spf"] = strings(buf, pos, len)
            pos = pos + len
        elseif typ == TYPE_SOA then
            rr.mname, p = read_name(buf, pos)
            if not rr.mname then
                return nil, pos
            end
            rr.rname, p = read_name(buf, p)
            if not rr.rname then
                return nil, pos
            end
            rr.serial, rr.refresh, rr.retry, rr.expire = u32(buf, p), u32(buf, p + 4),
                u32(buf, p + 8), u32(buf, p + 12)
            -- (lua-resty-dns's field name, misspelt, and the right one)
            rr.mininum = u32(buf, p + 16)
            rr.minimum = rr.mininum
            pos = pos + len
        elseif typ == TYPE_CAA then
            local taglen = byte(buf, pos + 1)
            rr.flags = byte(buf, pos)
            rr.tag = sub(buf, pos + 2, pos + 1 + taglen)
            rr.value = sub(buf, pos + 2 + taglen, pos + len - 1)
            pos = pos + len
        else
            rr.rdata = sub(buf, pos, pos + len - 1)
            pos = pos + len
        end
    end
    return pos
end

local function parse(buf, id, opts)
    local n = #buf
    if n < 12 then
        return nil, "truncated"
    end
    if u16(buf, 1) ~= id then
        return nil, "id mismatch"
    end
    local flags = u16(buf, 3)
    if band(flags, 0x8000) == 0 then
        return nil, "bad QR flag in the DNS response"
    end
    if band(flags, 0x200) ~= 0 then
        return nil, "truncated"
    end
    local rcode = band(flags, 0xf)
    local nq = u16(buf, 5)
    if nq ~= 1 then
        return nil, format("bad number of questions in DNS response: %d", nq)
    end
    local nan, nns, nar = u16(buf, 7), u16(buf, 9), u16(buf, 11)
    local qname, pos = read_name(buf, 13)
    if not qname then
        return nil, pos
    end
    if pos + 3 + nan * 12 > n then
        return nil, "truncated"
    end
    local qclass = u16(buf, pos + 2)
    if qclass ~= 1 then
        return nil, format("unknown query class %d in DNS response", qclass)
    end
    pos = pos + 4

    local answers = {}
    if rcode ~= 0 then
        answers.errcode = rcode
        answers.errstr = RCODES[rcode] or "unknown"
    end
    local authority, additional
    if opts then
        authority, additional = opts.authority_section, opts.additional_section
        if opts.qtype == TYPE_SOA then
            authority = true
        end
    end
    local err
    pos, err = read_records(answers, 1, buf, pos, nan, true)
    if not pos then
        return nil, err
    end
    if not authority and not additional then
        return answers
    end
    pos, err = read_records(answers, 2, buf, pos, nns, authority)
    if not pos then
        return nil, err
    end
    if not additional then
        return answers
    end
    pos, err = read_records(answers, 3, buf, pos, nar, true)
    if not pos then
        return nil, err
    end
    return answers
end

local function build(qname, id, no_recurse, opts)
    local qtype = opts and opts.qtype or TYPE_A
    if byte(qname, 1) == 46 then -- "."
        return nil, "bad name"
    end
    local labels = {}
    for label in qname:gmatch("[^.]+") do
        labels[#labels + 1] = char(#label) .. label
    end
    return char(rshift(id, 8), band(id, 0xff)) .. (no_recurse and "\0\0" or "\1\0")
        .. "\0\1\0\0\0\0\0\0" .. concat(labels) .. "\0"
        .. char(rshift(qtype, 8), band(qtype, 0xff)) .. "\0\1"
end

local function new_id(self)
    return self._id or random(0, 65535)
end

local function over_tcp(self, query, id, opts)
    local sock = self.tcp_sock
    if not sock then
        return nil, "not initialized"
    end
    -- the server of the last UDP socket picked
    local last = self.cur == 1 and #self.servers or self.cur - 1
    local server = concat(self.servers[last], ":")
    local host, port = self.servers[last][1], self.servers[last][2]
    local ok, err = sock:connect(host, port)
    if not ok then
        return nil, "failed to connect to TCP server " .. server .. ": " .. err
    end
    ok, err = sock:send({ char(rshift(#query, 8), band(#query, 0xff)), query })
    if not ok then
        return nil, "failed to send query to TCP server " .. server .. ": " .. err
    end
    local head
    head, err = sock:receive(2)
    if not head then
        return nil, "failed to receive the reply length field from TCP server "
            .. server .. ": " .. err
    end
    local buf
    buf, err = sock:receive(u16(head, 1))
    if not buf then
        return nil, "failed to receive the reply message body from TCP server "
            .. server .. ": " .. err
    end
    local answers
    answers, err = parse(buf, id, opts)
    if not answers then
        return nil, "failed to parse the reply from the TCP server " .. server .. ": " .. err
    end
    sock:close()
    return answers
end

function _M.tcp_query(self, qname, opts)
    local socks = self.socks
    if not socks then
        return nil, "not initialized"
    end
    next_sock(self)
    local id = new_id(self)
    local query, err = build(qname, id, self.no_recurse, opts)
    if not query then
        return nil, err
    end
    return over_tcp(self, query, id, opts)
end

function _M.query(self, qname, opts)
    local socks = self.socks
    if not socks then
        return nil, "not initialized"
    end
    local id = new_id(self)
    local query, err = build(qname, id, self.no_recurse, opts)
    if not query then
        return nil, err
    end
    local tries = self.retrans
    for try = 1, tries do
        local sock = next_sock(self)
        local ok, serr = sock:send(query)
        if not ok then
            return nil, "failed to send request to UDP server " .. server_name(self)
                .. ": " .. serr
        end
        local rerr
        for _ = 1, 128 do
            local buf
            buf, rerr = sock:receive(4096)
            if rerr then
                break
            end
            if buf then
                local answers, perr = parse(buf, id, opts)
                if answers then
                    return answers
                end
                if perr == "truncated" then
                    return over_tcp(self, query, id, opts)
                end
                if perr ~= "id mismatch" then
                    return nil, perr
                end
                rerr = perr
            end
        end
        if rerr ~= "timeout" or try == tries then
            return nil, "failed to receive reply from UDP server " .. server_name(self)
                .. ": " .. rerr
        end
    end
end

function _M.compress_ipv6_addr(addr)
    local out = ngx.re.sub(addr, "^(0:)+|(:0)+$|:(0:)+", "::", "jo")
    if out == "::0" then
        out = "::"
    end
    return out
end

local function expand_ipv6_addr(addr)
    if not find(addr, "::", 1, true) then
        return addr
    end
    local groups = 8
    for _ in addr:gmatch(":") do
        groups = groups - 1
    end
    if sub(addr, 1, 1) == ":" then
        addr = "0" .. addr
    end
    if sub(addr, -1) == ":" then
        addr = addr .. "0"
    end
    return (ngx.re.sub(addr, "::", ":" .. rep("0:", groups), "jo"))
end
_M.expand_ipv6_addr = expand_ipv6_addr

function _M.arpa_str(addr)
    if not find(addr, ":", 1, true) then
        return (ngx.re.sub(addr, [[(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})]],
            "$4.$3.$2.$1.in-addr.arpa", "ajo"))
    end
    -- every nibble of the expanded address, last first
    local nibbles = {}
    local full = expand_ipv6_addr(addr)
    local groups = {}
    for g in (full .. ":"):gmatch("([^:]*):") do
        groups[#groups + 1] = rep("0", 4 - #g) .. g
    end
    for i = #groups, 1, -1 do
        local g = groups[i]
        for j = 4, 1, -1 do
            nibbles[#nibbles + 1] = sub(g, j, j)
        end
    end
    return concat(nibbles, ".") .. ".ip6.arpa"
end

function _M.reverse_query(self, addr)
    return self.query(self, self.arpa_str(addr), { qtype = self.TYPE_PTR })
end

return _M
