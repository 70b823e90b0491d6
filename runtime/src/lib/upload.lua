-- restyc's resty.upload: lua-resty-upload 0.11's API (a streaming reader of a
-- multipart/form-data request body over ngx.req.socket()), written for restyc.
--
--   local form = upload:new(chunk_size, max_line_size, preserve_body)
--   form:read() --> "header", {key, value, line} | "header", line (no colon)
--                   "body", chunk | "part_end" | "eof" | nil, nil, err

local ngx = ngx
local match = string.match
local setmetatable = setmetatable
local type = type

local _M = { _VERSION = "0.11" }
local mt = { __index = _M }

-- Where a reader is: before the first delimiter, among a part's headers, in a part's
-- body, after the closing delimiter.
local PREAMBLE, HEADERS, BODY, DONE = 1, 2, 3, 4

-- The boundary parameter of Content-Type: quoted, else up to a quote, comma or semicolon.
local function boundary_of(ctype)
    if type(ctype) == "table" then
        ctype = ctype[1]
    end
    if not ctype then
        return nil
    end
    return match(ctype, ';%s*boundary="([^"]+)"')
        or match(ctype, ";%s*boundary=([^\",;]+)")
end

-- With preserve_body, everything read from the socket is also given to
-- ngx.req.append_body (delimiters included), and the body is finished when a read ends
-- it, so that later phases (or a proxy) still see the whole body.
local function keep_body(sock)
    local receive, receiveuntil = sock.receive, sock.receiveuntil
    local append, finish = ngx.req.append_body, ngx.req.finish_body
    sock.receive = function(self, what)
        local data, err, partial = receive(self, what)
        if data then
            append(data)
        else
            if partial then
                append(partial)
            end
            finish()
        end
        return data, err
    end
    sock.receiveuntil = function(self, pattern)
        local it, err = receiveuntil(self, pattern)
        if not it then
            finish()
        end
        return function(size)
            local data, rerr = it(size)
            if data then
                append(data)
            end
            -- the delimiter itself was consumed: when a whole-line read returns, or a
            -- sized read reports the end of the data before it
            if (size == nil and data) or (size ~= nil and data == nil and rerr == nil) then
                append(pattern)
            end
            return data, rerr
        end, err
    end
end

function _M.new(self, chunk_size, max_line_size, preserve_body)
    local boundary = boundary_of(ngx.var.content_type)
    if not boundary then
        return nil, "no boundary defined in Content-Type"
    end
    local sock, err = ngx.req.socket()
    if not sock then
        return nil, err
    end
    if preserve_body then
        ngx.req.init_body(chunk_size)
        keep_body(sock)
    end
    local until_boundary, err2 = sock:receiveuntil("--" .. boundary)
    if not until_boundary then
        return nil, err2
    end
    local until_crlf, err3 = sock:receiveuntil("\r\n")
    if not until_crlf then
        return nil, err3
    end
    return setmetatable({
        sock = sock,
        size = chunk_size or 4096,
        line_size = max_line_size or 512,
        read2boundary = until_boundary,
        read_line = until_crlf,
        boundary = boundary,
        state = PREAMBLE,
        preserve_body = preserve_body,
    }, mt)
end

function _M.set_timeout(self, timeout)
    if not self.sock then
        return nil, "not initialized"
    end
    return self.sock:settimeout(timeout)
end

-- One line of at most line_size bytes (its CRLF consumed), or nil and an error.
local function line(self)
    local text, err = self.read_line(self.line_size)
    if text == nil then
        return nil, err
    end
    local more, err2 = self.read_line(1)
    if more ~= nil then
        if self.preserve_body then
            ngx.req.finish_body()
        end
        return nil, "line too long: " .. text .. more .. "..."
    end
    if err2 then
        return nil, err2
    end
    return text
end

local body

local function header(self)
    local text, err = line(self)
    if text == nil then
        return nil, nil, err
    end
    if text == "" then
        self.state = BODY
        return body(self)
    end
    local key, value = match(text, "([^: \t]+)%s*:%s*(.+)")
    if key then
        return "header", { key, value, text }
    end
    return "header", text
end

body = function(self)
    local chunk, err = self.read2boundary(self.size)
    if err then
        return nil, nil, err
    end
    if chunk ~= nil then
        return "body", chunk
    end
    -- at a delimiter: "--" closes the body, anything else but CRLF is skipped to the
    -- end of its line
    local sock = self.sock
    local after = sock:receive(2)
    if after == "--" then
        local size = self.size
        repeat
            local rest, rerr = sock:receive(size)
            if rerr and rerr ~= "closed" then
                return nil, nil, rerr
            end
        until rest == nil
        self.state = DONE
        return "part_end"
    end
    if after ~= "\r\n" then
        local ok, lerr = line(self)
        if ok == nil then
            return nil, nil, lerr
        end
    end
    self.state = HEADERS
    return "part_end"
end

local function preamble(self)
    local sock = self.sock
    if not sock then
        return nil, nil, "not initialized"
    end
    local skip, size = self.read2boundary, self.size
    while skip(size) ~= nil do
    end
    local ok, err = line(self)
    if ok == nil then
        return nil, nil, err
    end
    local delim, err2 = sock:receiveuntil("\r\n--" .. self.boundary)
    if not delim then
        return nil, nil, err2
    end
    self.read2boundary = delim
    self.state = HEADERS
    return header(self)
end

local steps = {
    [PREAMBLE] = preamble,
    [HEADERS] = header,
    [BODY] = body,
    [DONE] = function() return "eof", nil end,
}

function _M.read(self)
    local step = steps[self.state]
    if step then
        return step(self)
    end
    return nil, nil, "bad state: " .. self.state
end

return _M
