-- resty.websocket.server for restyc: the server side of a WebSocket over the raw request
-- socket (ngx.req.socket(true)), with the API and the error texts of lua-resty-websocket (0.08).

local bit = require "bit"
local proto = require "resty.websocket.protocol"

local recv_frame, send_frame_raw = proto.recv_frame, proto.send_frame
local band, rshift = bit.band, bit.rshift
local char, lower, find = string.char, string.lower, string.find
local type, tostring, setmetatable = type, tostring, setmetatable
local ngx = ngx

local _M = proto.new_tab(0, 10)
_M._VERSION = "0.08"

local mt = { __index = _M }

-- The first value of a request header (a repeated one is a table).
local function first(v)
    if type(v) == "table" then
        return v[1]
    end
    return v
end

function _M.new(self, opts)
    if ngx.headers_sent then
        return nil, "response header already sent"
    end
    ngx.req.read_body()
    if ngx.req.http_version() ~= 1.1 then
        return nil, "bad http version"
    end
    local headers = ngx.req.get_headers()

    local upgrade = first(headers.upgrade)
    if not upgrade or lower(upgrade) ~= "websocket" then
        return nil, "bad \"upgrade\" request header: " .. tostring(upgrade)
    end
    local connection = first(headers.connection)
    if not connection or not find(lower(connection), "upgrade", 1, true) then
        return nil, "bad \"connection\" request header"
    end
    local key = first(headers["sec-websocket-key"])
    if not key then
        return nil, "bad \"sec-websocket-key\" request header"
    end
    local version = first(headers["sec-websocket-version"])
    if not version or version ~= "13" then
        return nil, "bad \"sec-websocket-version\" request header"
    end

    local protocols = first(headers["sec-websocket-protocol"])
    if protocols then
        ngx.header["Sec-WebSocket-Protocol"] = protocols
    end
    ngx.header["Upgrade"] = "websocket"
    ngx.header["Sec-WebSocket-Accept"] =
        ngx.encode_base64(ngx.sha1_bin(key .. "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
    ngx.header["Content-Type"] = nil
    ngx.status = 101

    local ok, err = ngx.send_headers()
    if not ok then
        return nil, "failed to send response header: " .. (err or "unknonw")
    end
    ok, err = ngx.flush(true)
    if not ok then
        return nil, "failed to flush response header: " .. (err or "unknown")
    end
    local sock
    sock, err = ngx.req.socket(true)
    if not sock then
        return nil, err
    end

    local max_payload_len, send_masked
    if opts then
        max_payload_len = opts.max_payload_len
        send_masked = opts.send_masked
        if opts.timeout then
            sock:settimeout(opts.timeout)
        end
    end
    return setmetatable({
        sock = sock,
        max_payload_len = max_payload_len or 65535,
        send_masked = send_masked,
    }, mt)
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
    -- Clients must mask what they send (RFC 6455 5.1).
    local data, typ, err = recv_frame(sock, self.max_payload_len, true)
    if not data and not find(err, ": timeout", 1, true) then
        self.fatal = true
    end
    return data, typ, err
end

local function send_frame(self, fin, opcode, payload)
    if self.fatal then
        return nil, "fatal error already happened"
    end
    local sock = self.sock
    if not sock then
        return nil, "not initialized yet"
    end
    local bytes, err = send_frame_raw(sock, fin, opcode, payload, self.max_payload_len,
        self.send_masked)
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

function _M.send_close(self, code, msg)
    local payload
    if code then
        payload = char(band(rshift(code, 8), 0xff), band(code, 0xff)) .. (msg or "")
    end
    return send_frame(self, true, 0x8, payload)
end

function _M.send_ping(self, data)
    return send_frame(self, true, 0x9, data)
end

function _M.send_pong(self, data)
    return send_frame(self, true, 0xa, data)
end

return _M
