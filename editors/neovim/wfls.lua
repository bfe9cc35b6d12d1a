-- wfls for Neovim 0.10 and later (for 0.7 to 0.9, use wfls-0.7.lua).
-- Put this file on your runtimepath (for example
-- ~/.config/nvim/plugin/wfls.lua) or paste it into init.lua.
--
-- No profile is set: wfls picks it from the file kind, as the wflint
-- command does (feedback for .wf files and feedback reports, rules for
-- Terraform and ruleset JSON). A .wflint.yaml with `profile:` still wins.
if vim.fn.has("nvim-0.10") == 0 then
  vim.notify("wfls.lua needs Neovim 0.10 or later; use editors/neovim/wfls-0.7.lua", vim.log.levels.WARN)
  return
end

-- .wf files are Cloudflare Rules expressions.
vim.filetype.add({ extension = { wf = "wirefilter" } })

vim.api.nvim_create_autocmd("FileType", {
  -- wfls runs beside terraform-ls for .tf/.tfvars and checks feedback
  -- report .json files; drop filetypes you do not want it on.
  pattern = { "wirefilter", "terraform", "terraform-vars", "hcl", "json" },
  callback = function(args)
    vim.lsp.start({
      name = "wfls",
      cmd = { "wfls" },
      root_dir = vim.fs.root(args.buf, { ".wflint.yaml", ".git" }) or vim.fn.getcwd(),
      -- Optional settings: { wflint = { profile = "rules", disabled = {...},
      -- enabled = {...}, lists = {...} } } as init_options and settings.
    }, { bufnr = args.buf })
  end,
})
