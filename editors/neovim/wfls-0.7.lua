-- wfls for Neovim 0.7 to 0.9 (Debian 12 ships 0.7.2, Ubuntu 24.04 0.9.5);
-- it also works on later versions, where wfls.lua is simpler. Put this
-- file on your runtimepath (for example ~/.config/nvim/plugin/wfls.lua)
-- or source it from init.vim / init.lua.
--
-- No profile is set: wfls picks it from the file kind, as the wflint
-- command does (feedback for .wf files and feedback reports, rules for
-- Terraform and ruleset JSON). A .wflint.yaml with `profile:` still wins.

-- Files are matched by name, not filetype: before 0.8, Neovim does not
-- know .wf and may call .tf files "tf". Drop patterns you do not want
-- wfls on (it runs beside terraform-ls for Terraform).
local patterns = { "*.wf", "*.tf", "*.tfvars", "*.hcl", "*.json" }

local clients = {} -- root directory -> client id

-- root_dir is the nearest directory with a .wflint.yaml or .git above the
-- file, else the working directory.
local function root_dir(bufnr)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":p:h")
  local cfg = vim.fn.findfile(".wflint.yaml", dir .. ";")
  if cfg ~= "" then
    return vim.fn.fnamemodify(cfg, ":p:h")
  end
  local git = vim.fn.finddir(".git", dir .. ";")
  if git ~= "" then
    return vim.fn.fnamemodify(git, ":p:h:h")
  end
  return vim.fn.getcwd()
end

local function attach(bufnr)
  local root = root_dir(bufnr)
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client({
      name = "wfls",
      cmd = { "wfls" },
      root_dir = root,
      -- Optional settings: { wflint = { profile = "rules", disabled = {...},
      -- enabled = {...}, lists = {...} } } as init_options and settings.
    })
    if not id then
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

vim.cmd([[
  augroup wfls
    autocmd!
    autocmd BufNewFile,BufRead *.wf setfiletype wirefilter
  augroup END
]])
local group = vim.api.nvim_create_augroup("wfls_attach", { clear = true })
vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
  group = group,
  pattern = patterns,
  callback = function(args)
    attach(args.buf)
  end,
})
