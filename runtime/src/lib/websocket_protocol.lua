-- resty.websocket.protocol for restyc: RFC 6455 frames over a cosocket, with the API and the
-- error texts of lua-resty-websocket (0.08): recv_frame, send_frame, build_frame.

local bit = require "bit"
local ffi = require "ffi"

local byte, char, sub = string.byte, string.char, string.sub
local band, bor, bxor, lshift, rshift = bit.band, bit.bor, bit.bxor, bit.lshift, bit.rshift
local tostring, type, random = tostring, type, math.random

local ok, new_tab = pcall(require, "table.new")
if not ok then
    new_tab = function() return {} end
end

local _M = new_tab(0, 5)
_M._VERSION = "0.08"
_M.new_tab = new_tab

local opcodes = {
    [0x0] = "continuation",
    [0x1] = "text",
    [0x2] = "binary",
    [0x8] = "close",
    [0x9] = "ping",
    [0xa] = "pong",
}

-- `data` XOR the 4-byte `key` (repeated), from byte `from` of `data` for `len` bytes.
local function unmask(key, data, from, len)
    local out = ffi.new("uint8_t[?]", len)
    for i = 0, len - 1 do
        out[i] = bxor(byte(data, from + i), byte(key, i % 4 + 1))
    end
    return ffi.string(out, len)
end

function _M.recv_frame(sock, max_payload_len, force_masking)
    local head, err = sock:receive(2)
    if not head then
        return nil, nil, "failed to receive the first 2 bytes: " .. err
    end
    local b1, b2 = byte(head, 1, 2)
    local fin = band(b1, 0x80) ~= 0
    if band(b1, 0x70) ~= 0 then
        return nil, nil, "bad RSV1, RSV2, or RSV3 bits"
    end
    local opcode = band(b1, 0x0f)
    if opcode >= 0x3 and opcode <= 0x7 then
        return nil, nil, "reserved non-control frames"
    end
    if opcode >= 0xb then
        return nil, nil, "reserved control frames"
    end
    local masked = band(b2, 0x80) ~= 0
    if force_masking and not masked then
        return nil, nil, "frame unmasked"
    end

    local len = band(b2, 0x7f)
    if len == 126 then
        local ext
        ext, err = sock:receive(2)
        if not ext then
            return nil, nil, "failed to receive the 2 byte payload length: " .. (err or "unknown")
        end
        len = bor(lshift(byte(ext, 1), 8), byte(ext, 2))
    elseif len == 127 then
        local ext
        ext, err = sock:receive(8)
        if not ext then
            return nil, nil, "failed to receive the 8 byte payload length: " .. (err or "unknown")
        end
        local e1, e2, e3, e4, e5, e6, e7, e8 = byte(ext, 1, 8)
        -- Only 31-bit lengths, as lua-resty-websocket.
        if e1 ~= 0 or e2 ~= 0 or e3 ~= 0 or e4 ~= 0 or band(e5, 0x80) ~= 0 then
            return nil, nil, "payload len too large"
        end
        len = bor(lshift(e5, 24), lshift(e6, 16), lshift(e7, 8), e8)
    end

    if band(opcode, 0x8) ~= 0 then
        if len > 125 then
            return nil, nil, "too long payload for control frame"
        end
        if not fin then
            return nil, nil, "fragmented control frame"
        end
    end
    if len > max_payload_len then
        return nil, nil, "exceeding max payload len"
    end

    local rest = masked and len + 4 or len
    local data = ""
    if rest > 0 then
        data, err = sock:receive(rest)
        if not data then
            return nil, nil, "failed to read masking-len and payload: " .. (err or "unknown")
        end
    end
    local payload
    if masked then
        payload = unmask(sub(data, 1, 4), data, 5, len)
    else
        payload = data
    end

    if opcode == 0x8 then
        if len == 0 then
            return "", "close", nil
        end
        if len < 2 then
            return nil, nil, "close frame with a body must carry a 2-byte status code"
        end
        local c1, c2 = byte(payload, 1, 2)
        return sub(payload, 3), "close", bor(lshift(c1, 8), c2)
    end
    return payload, opcodes[opcode], not fin and "again" or nil
end

local function build_frame(fin, opcode, len, payload, masking)
    local b1 = fin and bor(0x80, opcode) or opcode
    local b2, ext
    if len <= 125 then
        b2, ext = len, ""
    elseif len <= 65535 then
        b2, ext = 126, char(band(rshift(len, 8), 0xff), band(len, 0xff))
    else
        if band(len, 0x7fffffff) < len then
            return nil, "payload too big"
        end
        b2 = 127
        ext = char(0, 0, 0, 0, band(rshift(len, 24), 0xff), band(rshift(len, 16), 0xff),
            band(rshift(len, 8), 0xff), band(len, 0xff))
    end
    local key = ""
    if masking then
        b2 = bor(b2, 0x80)
        local k = random(0xffffffff)
        key = char(band(rshift(k, 24), 0xff), band(rshift(k, 16), 0xff),
            band(rshift(k, 8), 0xff), band(k, 0xff))
        payload = unmask(key, payload, 1, len)
    end
    return char(b1, b2) .. ext .. key .. payload
end
_M.build_frame = build_frame

function _M.send_frame(sock, fin, opcode, payload, max_payload_len, masking)
    if not payload then
        payload = ""
    elseif type(payload) ~= "string" then
        payload = tostring(payload)
    end
    local len = #payload
    if len > max_payload_len then
        return nil, "payload too big"
    end
    if band(opcode, 0x8) ~= 0 then
        if len > 125 then
            return nil, "too much payload for control frame"
        end
        if not fin then
            return nil, "fragmented control frame"
        end
    end
    local frame, err = build_frame(fin, opcode, len, payload, masking)
    if not frame then
        return nil, "failed to build frame: " .. err
    end
    local bytes
    bytes, err = sock:send(frame)
    if not bytes then
        return nil, "failed to send frame: " .. err
    end
    return bytes
end

return _M
