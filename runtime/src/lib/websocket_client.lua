-- resty.websocket.client for restyc: the client side of a WebSocket over ngx.socket.tcp,
-- with the API and the error texts of lua-resty-websocket (0.10): new, connect (ws:// and
-- wss://), recv_frame, send_text/binary/ping/pong/close, close, set_keepalive, set_timeout.

local bit = require "bit"
local proto = require "resty.websocket.protocol"

local recv_frame, send_frame_raw = proto.recv_frame, proto.send_frame
local band, rshift = bit.band, bit.rshift
local char, find, concat = string.char, string.find, table.concat
local random = math.random
local type, setmetatable = type, setmetatable
local ngx = ngx

local _M = proto.new_tab(0, 13)
_M._VERSION = "0.10"

local mt = { __index = _M }

function _M.new(self, opts)
    local sock, err = ngx.socket.tcp()
    if not sock then
        return nil, err
    end
    local obj = { sock = sock, max_payload_len = 65535 }
    if opts then
        if opts.max_payload_len then
            obj.max_payload_len = opts.max_payload_len
        end
        obj.send_unmasked = opts.send_unmasked
        if opts.timeout then
            sock:settimeout(opts.timeout)
        end
    end
    return setmetatable(obj, mt)
end

-- The Sec-WebSocket-Key: 16 random bytes in base64.
local function new_key()
    local b = {}
    for i = 1, 16 do
        b[i] = char(random(256) - 1)
    end
    return ngx.encode_base64(concat(b))
end

function _M.connect(self, uri, opts)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    local m, err = ngx.re.match(uri, [[^(wss?)://([^:/]+)(?::(\d+))?(.*)]], "jo")
    if not m then
        if err then
            return nil, "failed to match the uri: " .. err
        end
        return nil, "bad websocket uri"
    end
    local scheme, host, port, path = m[1], m[2], m[3], m[4]
    local tls = scheme == "wss"
    if not port then
        port = tls and 443 or 80
    end
    if path == "" then
        path = "/"
    end

    local extra, pool_opts, ssl_verify, server_name, client_cert = {}, nil, nil, nil, nil
    if opts then
        local protos = opts.protocols
        if protos then
            if type(protos) == "table" then
                protos = concat(protos, ",")
            end
            extra.protocols = "\r\nSec-WebSocket-Protocol: " .. protos
        end
        if opts.origin then
            extra.origin = "\r\nOrigin: " .. opts.origin
        end
        if opts.pool then
            pool_opts = { pool = opts.pool }
        end
        client_cert = opts.client_cert
        if client_cert and not opts.client_priv_key then
            error("client_priv_key must be provided with client_cert", 2)
        end
        if opts.ssl_verify or opts.server_name then
            ssl_verify = opts.ssl_verify
            server_name = opts.server_name or host
        end
        local headers = opts.headers
        if headers then
            if type(headers) ~= "table" then
                return nil, "custom headers must be a table"
            end
            extra.headers = "\r\n" .. concat(headers, "\r\n")
        end
    end

    local ok
    if pool_opts then
        ok, err = sock:connect(host, port, pool_opts)
    else
        ok, err = sock:connect(host, port)
    end
    if not ok then
        return nil, "failed to connect: " .. err
    end
    if tls then
        if client_cert then
            -- (restyc's cosockets refuse client certificates: this fails)
            ok, err = sock:setclientcert(client_cert, opts.client_priv_key)
            if not ok then
                return nil, "failed to set TLS client certificate: " .. err
            end
        end
        ok, err = sock:sslhandshake(false, server_name, ssl_verify)
        if not ok then
            return nil, "ssl handshake failed: " .. err
        end
    end

    -- A connection from the pool has had its handshake already.
    local reused
    reused, err = sock:getreusedtimes()
    if not reused then
        return nil, "failed to get reused times: " .. err
    end
    if reused > 0 then
        return 1
    end

    local request = "GET " .. path .. " HTTP/1.1\r\nUpgrade: websocket\r\nHost: "
        .. host .. ":" .. port
        .. "\r\nSec-WebSocket-Key: " .. new_key()
        .. (extra.protocols or "")
        .. "\r\nSec-WebSocket-Version: 13"
        .. (extra.origin or "")
        .. "\r\nConnection: Upgrade"
        .. (extra.headers or "")
        .. "\r\n\r\n"
    local sent
    sent, err = sock:send(request)
    if not sent then
        return nil, "failed to send the handshake request: " .. err
    end

    local head
    head, err = sock:receiveuntil("\r\n\r\n")()
    if not head then
        return nil, "failed to receive response header: " .. err
    end
    -- Only the status line's protocol is checked, as lua-resty-websocket does.
    if not ngx.re.find(head, [[^\s*HTTP/1\.1\s+]], "jo") then
        return nil, "bad HTTP response status line: " .. head
    end
    return 1
end

function _M.set_timeout(self, time)
    local sock = self.sock
    if not sock then
        return nil, nil, "not initialized yet"
    end
    return sock:settimeout(time)
end

function _M.recv_frame(self)
    if self.fatal then
        return nil, nil, "fatal error already happened"
    end
    local sock = self.sock
    if not sock then
        return nil, nil, "not initialized yet"
    end
    -- Servers send unmasked frames (RFC 6455 5.1).
    local data, typ, err = recv_frame(sock, self.max_payload_len, false)
    if not data and not find(err, ": timeout", 1, true) then
        self.fatal = true
    end
    return data, typ, err
end

local function send_frame(self, fin, opcode, payload)
    if self.fatal then
        return nil, "fatal error already happened"
    end
    if self.closed then
        return nil, "already closed"
    end
    local sock = self.sock
    if not sock then
        return nil, "not initialized yet"
    end
    local bytes, err = send_frame_raw(sock, fin, opcode, payload, self.max_payload_len,
        not self.send_unmasked)
    if not bytes then
        self.fatal = true
    end
    return bytes, err
end
_M.send_frame = send_frame

function _M.send_text(self, data)
    return send_frame(self, true, 0x1, data)
end

function _M.send_binary(self, data)
    return send_frame(self, true, 0x2, data)
end

local function send_close(self, code, msg)
    local payload
    if code then
        if type(code) ~= "number" or code > 0x7fff then
            return nil, "bad status code"
        end
        payload = char(band(rshift(code, 8), 0xff), band(code, 0xff)) .. (msg or "")
    end
    local bytes, err = send_frame(self, true, 0x8, payload)
    if not bytes then
        self.fatal = true
    end
    self.closed = true
    return bytes, err
end
_M.send_close = send_close

function _M.send_ping(self, data)
    return send_frame(self, true, 0x9, data)
end

function _M.send_pong(self, data)
    return send_frame(self, true, 0xa, data)
end

function _M.close(self)
    if self.fatal then
        return nil, "fatal error already happened"
    end
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    if not self.closed then
        local bytes, err = send_close(self)
        if not bytes then
            return nil, "failed to send close frame: " .. err
        end
    end
    return sock:close()
end

function _M.set_keepalive(self, ...)
    local sock = self.sock
    if not sock then
        return nil, "not initialized"
    end
    return sock:setkeepalive(...)
end

return _M
