-- resty.lrucache for restyc: lua-resty-lrucache's API (a per-worker LRU cache with TTLs) for
-- configs that `require "resty.lrucache"` (or its `.pureffi` variant) without a copy on
-- lua_package_path (a copy there wins).
--
-- Items live in a hash and a doubly linked list, most recently used first; `set` on a full
-- cache drops the least recently used one. An expired item is not returned by `get`, which
-- then gives nil, the stale value and its flags.

local ngx_now = ngx.now
local type, setmetatable = type, setmetatable
local floor = math.floor
local ok_new, new_tab = pcall(require, "table.new")
if not ok_new then
    new_tab = function() return {} end
end

local _M = { _VERSION = "0.13" }
local mt = { __index = _M }

-- The list: `head` is a sentinel whose `next` is the most recent node and `prev` the least.
local function unlink(node)
    node.prev.next = node.next
    node.next.prev = node.prev
end

local function push_front(head, node)
    node.next = head.next
    node.prev = head
    head.next.prev = node
    head.next = node
end

function _M.new(size, load_factor)
    if type(size) ~= "number" or size < 1 then
        return nil, "size too small"
    end
    local _ = load_factor
    local head = {}
    head.next, head.prev = head, head
    return setmetatable({
        size = size,
        count_ = 0,
        head = head,
        nodes = new_tab(0, size),
    }, mt)
end

-- An expired item counts as used too (it moves to the front) and comes back as the stale value.
function _M.get(self, key)
    local node = self.nodes[key]
    if not node or node.value == nil then
        return nil
    end
    unlink(node)
    push_front(self.head, node)
    if node.expire >= 0 and node.expire < ngx_now() then
        return nil, node.value, node.flags
    end
    return node.value, nil, node.flags
end

function _M.delete(self, key)
    local node = self.nodes[key]
    if not node then
        return false
    end
    self.nodes[key] = nil
    unlink(node)
    self.count_ = self.count_ - 1
    return true
end

function _M.set(self, key, value, ttl, flags)
    local nodes = self.nodes
    local node = nodes[key]
    if node then
        unlink(node)
    else
        if self.count_ >= self.size then
            local oldest = self.head.prev
            unlink(oldest)
            nodes[oldest.key] = nil
            self.count_ = self.count_ - 1
        end
        node = { key = key }
        nodes[key] = node
        self.count_ = self.count_ + 1
    end
    node.value = value
    node.expire = ttl and ngx_now() + ttl or -1
    -- Flags are a uint32_t in lua-resty-lrucache.
    node.flags = (type(flags) == "number" and flags >= 0) and floor(flags) % 4294967296 or 0
    push_front(self.head, node)
end

function _M.count(self)
    return self.count_
end

function _M.capacity(self)
    return self.size
end

-- Keys, most recently used first: at most `max_count` (0 or nil: all), into `res` if given
-- (the entry after the last key cleared).
function _M.get_keys(self, max_count, res)
    if not max_count or max_count == 0 then
        max_count = self.count_
    end
    if not res then
        res = new_tab(max_count + 1, 0)
    end
    local i = 0
    local head = self.head
    local node = head.next
    while node ~= head and i < max_count do
        i = i + 1
        res[i] = node.key
        node = node.next
    end
    res[i + 1] = nil
    return res
end

function _M.flush_all(self)
    local head = self.head
    head.next, head.prev = head, head
    self.nodes = new_tab(0, self.size)
    self.count_ = 0
end

return _M
