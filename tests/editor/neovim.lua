-- An editor session in a real Neovim (0.11 or later) against `postlint server`, run by
-- tests/neovim.rs as `nvim --headless --clean -u tests/editor/neovim.lua`:
--   1. the post opened: diagnostics arrive, the expected rules on the expected lines;
--   2. one quick fix per defect: at the misspelt name `Dask Dwon Under`, one action, and
--      `vim.lsp.buf.code_action({ apply = true })` applies it without a menu;
--   3. "Fix all": small edits, one per fix (no whole-document replacement), applied;
--   4. an edit: diagnostics follow it (a mended line's finding goes, a new one comes);
--   5. the client stops the server: shutdown and exit, status 0.
-- The configuration is the README's (vim.lsp.config / vim.lsp.enable), with the binary
-- under test as the command. Environment: POSTLINT_BIN (the binary), POSTLINT_POST (the
-- post, in a Jekyll site). Exits 0 when every check passed, 1 otherwise (`cquit`).

local bin = assert(vim.env.POSTLINT_BIN, 'POSTLINT_BIN is not set')
local post = assert(vim.env.POSTLINT_POST, 'POSTLINT_POST is not set')
local TIMEOUT = tonumber(vim.env.POSTLINT_NVIM_TIMEOUT or '') or 30000

local function log(fmt, ...)
  io.stderr:write(string.format(fmt, ...) .. '\n')
end

local exit_code
vim.lsp.config('postlint', {
  cmd = { bin, 'server' },
  filetypes = { 'markdown' },
  root_markers = { '_config.yml', 'postlint.toml', '.git' },
  on_exit = function(code)
    exit_code = code
  end,
})
vim.lsp.enable('postlint')

-- A menu would block `code_action({ apply = true })` in a real editor: count it as a
-- failure and pick nothing.
local menus = 0
vim.ui.select = function(items, _, on_choice)
  menus = menus + 1
  log('a menu was shown for %d actions', #items)
  on_choice(nil)
end

local function wait(what, cond)
  if not vim.wait(TIMEOUT, cond, 20) then
    error('timed out waiting for ' .. what, 2)
  end
end

local function check(ok, fmt, ...)
  if not ok then
    error(string.format(fmt, ...), 2)
  end
end

local buf, client

-- The buffer's postlint diagnostics as sorted `line:rule` strings (1-based lines).
local function found()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'postlint' then
      out[#out + 1] = string.format('%d:%s', d.lnum + 1, tostring(d.code))
    end
  end
  table.sort(out)
  return table.concat(out, ' ')
end

local function diagnostic(rule)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == rule then
      return d
    end
  end
end

local function line(n)
  return vim.api.nvim_buf_get_lines(buf, n - 1, n, true)[1]
end

-- The code actions the server offers at a diagnostic, or in the whole buffer.
local function actions(range, only)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = range,
    context = { diagnostics = {}, only = only, triggerKind = 1 },
  }
  local r = client:request_sync('textDocument/codeAction', params, TIMEOUT, buf)
  check(r and not r.err, 'codeAction failed: %s', vim.inspect(r))
  return r.result or {}
end

local function main()
  vim.cmd.edit(vim.fn.fnameescape(post))
  buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == 'markdown', 'filetype %s', vim.bo[buf].filetype)
  wait('the client to attach', function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'postlint' })[1]
    return client ~= nil
  end)
  log('attached: %s %s', client.name, vim.inspect(client.server_info))

  -- 1. Diagnostics on open.
  local want = '10:placeholder 14:typo 6:name-case 6:name-spelling'
  wait('diagnostics on open', function()
    return found() == want
  end)
  log('ok: diagnostics on open: %s', found())

  -- 2. One quick fix at the misspelt name, applied without a menu.
  local d = diagnostic('name-spelling')
  check(d.message:find('Dwon', 1, true), 'message: %s', d.message)
  local at = d.user_data.lsp.range
  local quick = actions(at, nil)
  local titles = {}
  for _, a in ipairs(quick) do
    if a.kind == 'quickfix' then
      titles[#titles + 1] = a.title
    end
  end
  check(#titles == 1 and titles[1] == "Replace with 'Down'", 'quick fixes at Dwon: %s', vim.inspect(titles))
  log('ok: one quick fix at `Dwon`: %s', titles[1])
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  vim.lsp.buf.code_action({ apply = true, context = { only = { 'quickfix' } } })
  wait('the quick fix to be applied', function()
    return line(6):find('Dask Down Under', 1, true) ~= nil
  end)
  check(menus == 0, 'a menu was shown for the quick fix')
  wait('diagnostics after the quick fix', function()
    return found() == '10:placeholder 14:typo 6:name-case'
  end)
  log('ok: quick fix applied without a menu: %s', line(6))

  -- 3. Fix all: small edits, then applied.
  local all = actions({ start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } }, { 'source.fixAll' })
  check(#all == 1 and all[1].kind == 'source.fixAll', 'fix-all actions: %s', vim.inspect(all))
  local edits = all[1].edit.changes[vim.uri_from_bufnr(buf)]
  check(#edits == 2, 'fix all: %d edits, want 2 (github, teh): %s', #edits, vim.inspect(edits))
  for _, e in ipairs(edits) do
    check(e.range.start.line == e.range['end'].line, 'an edit over several lines: %s', vim.inspect(e))
    check(e.range['end'].character - e.range.start.character <= 6, 'a wide edit: %s', vim.inspect(e))
    check(not e.newText:find('\n'), 'an edit that writes lines: %s', vim.inspect(e))
  end
  local before = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
  vim.lsp.buf.code_action({ apply = true, context = { only = { 'source.fixAll' } } })
  wait('fix all to be applied', function()
    return line(14):find('about the documentation', 1, true) ~= nil
  end)
  check(menus == 0, 'a menu was shown for fix all')
  check(line(6):find('hosted on GitHub', 1, true), 'line 6: %s', line(6))
  local after = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
  check(#after == #before, 'fix all changed the number of lines: %d -> %d', #before, #after)
  for i, l in ipairs(after) do
    if i ~= 6 and i ~= 14 then
      check(l == before[i], 'fix all changed line %d: %q -> %q', i, before[i], l)
    end
  end
  wait('diagnostics after fix all', function()
    return found() == '10:placeholder'
  end)
  log('ok: fix all: %d one-line edits applied', #edits)

  -- 4. An edit: the TODO line is written, a new slip is made on another line.
  vim.api.nvim_buf_set_lines(buf, 9, 10, true, { 'Thirty people came, and both talks were recorded.' })
  vim.api.nvim_buf_set_lines(buf, -1, -1, true, { '', 'We will recieve the recordings next week.' })
  wait('diagnostics after the edit', function()
    return found() == '16:typo'
  end)
  log('ok: diagnostics after an edit: %s', found())

  -- 5. Shutdown and exit.
  client:stop()
  wait('the server to exit', function()
    return exit_code ~= nil
  end)
  check(exit_code == 0, 'the server exited with status %s', tostring(exit_code))
  log('ok: the server exited with status 0')
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    vim.schedule(function()
      local ok, err = xpcall(main, debug.traceback)
      if ok then
        log('neovim: all checks passed')
        vim.cmd('qall!')
      else
        log('neovim: FAILED: %s', err)
        log('diagnostics: %s', buf and found() or '(no buffer)')
        vim.cmd('cquit 1')
      end
    end)
  end,
})
