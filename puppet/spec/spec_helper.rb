# frozen_string_literal: true

# Offline rspec-puppet setup: spec/fixtures/modules holds symlinks to this module and to
# Debian's stdlib (run-tests.sh creates them), no network, no rspec-puppet-facts.
RSpec.configure { |c| c.mock_with :rspec }
require 'puppetlabs_spec_helper/module_spec_helper'

DEBIAN_FACTS = {
  'os' => {
    'family' => 'Debian', 'name' => 'Debian',
    'release' => { 'major' => '12', 'full' => '12.8' },
    'architecture' => 'amd64',
  },
  'osfamily' => 'Debian',
  'kernel' => 'Linux',
  'kernelrelease' => '6.1.0-28-amd64',
  'networking' => { 'fqdn' => 'node1.example.net', 'hostname' => 'node1', 'domain' => 'example.net' },
  'fqdn' => 'node1.example.net',
  'path' => '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
}.freeze

RSpec.shared_context 'entropy node' do
  let(:node) { 'node1.example.net' }
end

RSpec.configure do |c|
  c.include_context 'entropy node'
  c.default_facts = DEBIAN_FACTS
  c.default_trusted_facts = { 'certname' => 'node1.example.net' }
  c.strict_variables = true
  c.before(:each) do
    Puppet[:ssldir] = '/var/lib/puppet/ssl'
  end
end

# The content rendered for a file resource in the compiled catalogue (unwrapping Sensitive).
def rendered(catalogue, path)
  res = catalogue.resource('File', path)
  raise "no File[#{path}] in the catalogue" if res.nil?
  content = res[:content]
  content = content.unwrap if content.respond_to?(:unwrap)
  content
end

# Every resource the module can declare must be checked by some example (run-tests.sh runs all
# specs with ENTROPY_COVERAGE=100; a single spec file alone would not reach it).
at_exit { RSpec::Puppet::Coverage.report!(Integer(ENV['ENTROPY_COVERAGE'])) } if ENV['ENTROPY_COVERAGE']
