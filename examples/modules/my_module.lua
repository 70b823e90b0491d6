-- my_module.lua
local _M = {}

function _M.greet(name)
    return "Hello, " .. name .. "!"
end

return _M
