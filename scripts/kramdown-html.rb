#!/usr/bin/env ruby
# frozen_string_literal: true
#
# Print the HTML that kramdown produces for a Markdown file, configured the
# way Jekyll configures it (kramdown, `input: GFM`, no hard wraps, auto ids,
# no syntax highlighter).
#
# Usage: ruby scripts/kramdown-html.rb path/to/file.md

begin
  require 'kramdown'
  require 'kramdown-parser-gfm'
rescue LoadError => e
  warn "kramdown-html.rb: cannot load kramdown (#{e.message})."
  warn 'Install it with: apt-get install ruby-kramdown ruby-kramdown-parser-gfm'
  exit 2
end

if ARGV.length != 1
  warn 'usage: kramdown-html.rb FILE.md'
  exit 64
end

text = File.read(ARGV[0], encoding: 'UTF-8')
doc = Kramdown::Document.new(
  text,
  input: 'GFM',
  hard_wrap: false,
  auto_ids: true,
  syntax_highlighter: nil
)
print doc.to_html
doc.warnings.each { |w| warn "#{ARGV[0]}: kramdown warning: #{w}" }
