-- wfls for Neovim (0.10+). Put this file on your runtimepath (for example
-- ~/.config/nvim/plugin/wfls.lua) or paste it into init.lua.

-- .wf files are Cloudflare Rules expressions.
vim.filetype.add({ extension = { wf = "wirefilter" } })

local function start_wfls(bufnr)
  vim.lsp.start({
    name = "wfls",
    cmd = { "wfls" },
    root_dir = vim.fs.root(bufnr, { ".wflint.yaml", ".git" }) or vim.fn.getcwd(),
    -- Settings: profile (feedback | rules | engine2020), disabled, enabled, lists.
    init_options = { wflint = { profile = "feedback" } },
    settings = { wflint = { profile = "feedback" } },
  }, { bufnr = bufnr })
end

vim.api.nvim_create_autocmd("FileType", {
  -- wfls runs beside terraform-ls for .tf/.tfvars and checks feedback
  -- report .json files; drop filetypes you do not want it on.
  pattern = { "wirefilter", "terraform", "terraform-vars", "hcl", "json" },
  callback = function(args) start_wfls(args.buf) end,
})
