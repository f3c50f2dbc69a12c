# frozen_string_literal: true

require 'spec_helper'

# The .deb ships the units Puppet renders with the default parameters (only the header comment
# differs), so a node installed without Puppet runs the same sandbox.
PACKAGE_UNITS = File.expand_path('../../../packaging/src/deb/systemd', __dir__)

def without_header(text)
  text.lines.drop(1).join
end

describe 'entropy::host' do
  it 'renders the unit the package ships' do
    shipped = File.read(File.join(PACKAGE_UNITS, 'entropy-host-agent.service'))
    expect(without_header(rendered(catalogue, '/etc/systemd/system/entropy-host-agent.service'))).to eq(without_header(shipped))
  end
end

describe 'entropy::client' do
  let(:params) { { hosts: ['rng1.example.net:7776'] } }

  %w[entropy-client-agent entropy-client-seed].each do |unit|
    it "renders the #{unit} unit the package ships" do
      shipped = File.read(File.join(PACKAGE_UNITS, "#{unit}.service"))
      expect(without_header(rendered(catalogue, "/etc/systemd/system/#{unit}.service"))).to eq(without_header(shipped))
    end
  end
end
