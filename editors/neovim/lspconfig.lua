-- wfls with nvim-lspconfig: register it as a custom server, then set it up.
-- No profile is set: wfls picks it from the file kind (feedback for .wf
-- files and feedback reports, rules for Terraform and ruleset JSON).
local configs = require("lspconfig.configs")
if not configs.wfls then
  configs.wfls = {
    default_config = {
      cmd = { "wfls" },
      filetypes = { "wirefilter", "terraform", "terraform-vars", "json" },
      root_dir = require("lspconfig.util").root_pattern(".wflint.yaml", ".git"),
    },
  }
end
vim.filetype.add({ extension = { wf = "wirefilter" } })
require("lspconfig").wfls.setup({})
