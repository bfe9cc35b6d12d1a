-- Drives wfls from a headless Neovim (0.7 or later) and writes what it saw
-- to $WFLS_OUT as JSON. The Go test in cmd/wfls checks the results.
local wfls, out = os.getenv("WFLS_BIN"), os.getenv("WFLS_OUT")
local results = { errors = {} }

local function fail(msg) table.insert(results.errors, msg) end

local function finish()
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(results))
  f:close()
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = "wfls",
    cmd = { wfls },
    root_dir = vim.fn.getcwd(),
    init_options = { wflint = { profile = "feedback" } },
  })
  if not client_id then error("start_client failed") end
  local client = vim.lsp.get_client_by_id(client_id)

  local function open(path)
    vim.cmd("edit " .. path)
    local buf = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(buf, client_id)
    return buf
  end

  local function diags(buf, key)
    local got = vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
    if not got then fail("no diagnostics for " .. key) return end
    results[key] = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(results[key], {
        lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
        code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), message = d.message,
      })
    end
  end

  local function request(buf, method, params)
    local resp, e = client.request_sync(method, params, 10000, buf)
    if not resp then fail(method .. ": " .. tostring(e)) return nil end
    if resp.err then fail(method .. ": " .. vim.inspect(resp.err)) return nil end
    return resp.result
  end

  -- The .wf file.
  local wf = open("a.wf")
  diags(wf, "wf_diagnostics")
  local uri = vim.uri_from_bufnr(wf)
  local comp = request(wf, "textDocument/completion", { textDocument = { uri = uri }, position = { line = 1, character = 12 } })
  results.completion = {}
  if comp then
    for _, it in ipairs(comp.items or comp) do table.insert(results.completion, it.label) end
  end
  local hover = request(wf, "textDocument/hover", { textDocument = { uri = uri }, position = { line = 1, character = 6 } })
  results.hover = hover and hover.contents and hover.contents.value or vim.NIL
  local fmt = request(wf, "textDocument/formatting", { textDocument = { uri = uri }, options = { tabSize = 2, insertSpaces = true } })
  results.formatting = fmt or vim.NIL
  if fmt then
    vim.lsp.util.apply_text_edits(fmt, wf, client.offset_encoding or "utf-16")
    results.formatted = vim.api.nvim_buf_get_lines(wf, 0, -1, false)
  end

  -- The .tf file: the expression inside the HCL string.
  local tf = open("main.tf")
  diags(tf, "tf_diagnostics")
  local tfuri = vim.uri_from_bufnr(tf)
  local th = request(tf, "textDocument/hover", { textDocument = { uri = tfuri }, position = { line = 7, character = 20 } })
  results.tf_hover = th and th.contents and th.contents.value or vim.NIL
end)
if not ok then fail(tostring(err)) end
finish()
