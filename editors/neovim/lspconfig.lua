-- wfls with nvim-lspconfig: register it as a custom server, then set it up.
local configs = require("lspconfig.configs")
if not configs.wfls then
  configs.wfls = {
    default_config = {
      cmd = { "wfls" },
      filetypes = { "wirefilter", "terraform", "terraform-vars", "json" },
      root_dir = require("lspconfig.util").root_pattern(".wflint.yaml", ".git"),
      init_options = { wflint = { profile = "feedback" } },
      settings = { wflint = { profile = "feedback" } },
    },
  }
end
vim.filetype.add({ extension = { wf = "wirefilter" } })
require("lspconfig").wfls.setup({})
