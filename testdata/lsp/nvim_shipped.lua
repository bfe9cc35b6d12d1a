-- Opens a.wf and main.tf in a Neovim that has loaded a shipped
-- editors/neovim configuration (wfls found on PATH), and writes the
-- diagnostic codes each file got to $WFLS_OUT as JSON. The Go test in
-- cmd/wfls checks them. Works on Neovim 0.7 and later.
local out = os.getenv("WFLS_OUT")
local results = { errors = {} }

local ok, err = pcall(function()
  for _, name in ipairs({ "a.wf", "main.tf" }) do
    vim.cmd("edit " .. name)
    local buf = vim.api.nvim_get_current_buf()
    if not vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
      table.insert(results.errors, "no diagnostics for " .. name)
    end
    vim.wait(300) -- let a second publication settle
    local codes = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(codes, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?")
    end
    results[name] = codes
  end
end)
if not ok then table.insert(results.errors, tostring(err)) end
local f = io.open(out, "w")
f:write(vim.fn.json_encode(results))
f:close()
vim.cmd("qa!")
