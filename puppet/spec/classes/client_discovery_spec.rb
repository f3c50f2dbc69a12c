# frozen_string_literal: true

require 'spec_helper'
require 'yaml'
require_relative '../../lib/puppet_x/entropy/rendezvous'

# entropy::client without `hosts`: the hosts entropy::host exported through PuppetDB. PuppetDB's
# answer to the collector is stubbed at the indirection the puppetdb terminus implements.
describe 'entropy::client' do
  let(:config_path) { '/etc/entropy-fleet/client-agent.yaml' }
  let(:hosts) { YAML.safe_load(rendered(catalogue, config_path))['hosts'] }
  let(:params) { {} }
  let(:exported) { [] }
  # rspec-puppet caches catalogues by their inputs: what PuppetDB holds must be one of them
  let(:pre_condition) { "# PuppetDB holds: #{exported.inspect}" }

  def endpoint(title, address, zone: nil, weight: nil, port: 7776)
    p = { 'address' => address, 'port' => port, 'cert_name' => title }
    p['zone'] = zone unless zone.nil?
    p['weight'] = weight unless weight.nil?
    [title, p]
  end

  def order(client, weights)
    PuppetX::Entropy::Rendezvous.order(client, weights)
  end

  # Every collected endpoint is realised in the client's catalogue (data only, it manages nothing).
  shared_examples 'realises what it collected' do
    it { exported.each { |title, _| is_expected.to contain_entropy__host_endpoint(title) } }
  end

  # As the puppetdb terminus answers a collector: parser resources in the collecting scope. The
  # setting itself stays off (setting it would route catalogues to a puppetdb terminus too).
  before(:each) do
    allow(Puppet).to receive(:[]).and_call_original
    allow(Puppet).to receive(:[]).with(:storeconfigs).and_return(true)
    allow(Puppet::Resource.indirection).to receive(:search) do |type, options|
      exported.map do |title, p|
        params = p.map { |k, v| Puppet::Parser::Resource::Param.new(name: k, value: v, source: options[:scope].source) }
        Puppet::Parser::Resource.new(type, title, parameters: params, scope: options[:scope]).tap do |r|
          r.collector_id = "rng|#{type}|#{title}"
        end
      end
    end
  end

  context 'with three exported hosts' do
    let(:exported) { [endpoint('rng1.example.net', '192.0.2.1'), endpoint('rng2.example.net', '192.0.2.2'), endpoint('rng3.example.net', 'rng3.example.net')] }

    it_behaves_like 'realises what it collected'

    it { is_expected.to compile.with_all_deps }
    it { is_expected.to contain_entropy__host_endpoint('rng1.example.net').with(address: '192.0.2.1', port: 7776) }
    it { is_expected.to contain_entropy__client_config(config_path).with(client: 'node1.example.net') }

    it 'lists them in this client\'s rendezvous order, verifying certificate names apart from addresses' do
      ids = order('node1.example.net', { 'rng1.example.net' => 100, 'rng2.example.net' => 100, 'rng3.example.net' => 100 })
      expected = {
        'rng1.example.net' => { 'address' => '192.0.2.1:7776', 'name' => 'rng1.example.net' },
        'rng2.example.net' => { 'address' => '192.0.2.2:7776', 'name' => 'rng2.example.net' },
        'rng3.example.net' => 'rng3.example.net:7776',
      }
      expect(hosts).to eq(ids.map { |id| expected[id] })
    end

    context 'on another client' do
      let(:node) { 'vm2.example.net' }
      let(:trusted_facts) { { 'certname' => 'vm2.example.net' } }

      it 'has that client\'s own order' do
        ids = order('vm2.example.net', { 'rng1.example.net' => 100, 'rng2.example.net' => 100, 'rng3.example.net' => 100 })
        expect(hosts.map { |h| h.is_a?(Hash) ? h['name'] : h.sub(%r{:7776\z}, '') }).to eq(ids)
      end
    end

    context 'and explicit hosts' do
      let(:params) { { hosts: ['rng9.example.net:7776'] } }

      it('the explicit hosts win') { expect(hosts).to eq(['rng9.example.net:7776']) }
      it { is_expected.not_to contain_entropy__host_endpoint('rng1.example.net') }
    end
  end

  context 'with weights' do
    let(:exported) { [endpoint('rng1', '192.0.2.1', weight: 1), endpoint('rng2', '192.0.2.2', weight: 10_000)] }

    it_behaves_like 'realises what it collected'

    it 'passes them to the order' do
      expect(hosts.map { |h| h['name'] }).to eq(order('node1.example.net', { 'rng1' => 1, 'rng2' => 10_000 }))
    end
  end

  context 'with zones' do
    let(:exported) do
      [endpoint('a1', '192.0.2.1', zone: 'a'), endpoint('b1', '192.0.2.2', zone: 'b'), endpoint('a2', '192.0.2.3', zone: 'a'),
       endpoint('b2', '192.0.2.4', zone: 'b'), endpoint('none', '192.0.2.5')]
    end

    context 'and the client in zone b' do
      let(:params) { { zone: 'b' } }

      it_behaves_like 'realises what it collected'

      it 'puts zone b first' do
        names = hosts.map { |h| h['name'] }
        expect(names.first(2)).to eq(order('node1.example.net', { 'b1' => 100, 'b2' => 100 }))
        expect(names.drop(2)).to eq(order('node1.example.net', { 'a1' => 100, 'a2' => 100, 'none' => 100 }))
      end
    end

    context 'and a zone filter' do
      let(:params) { { zone: 'b', zones: ['a', 'b'] } }

      it('keeps only those zones') { expect(hosts.map { |h| h['name'] }).to match_array(['a1', 'a2', 'b1', 'b2']) }
    end

    context 'and a zone filter nothing matches' do
      let(:params) { { zones: ['c'] } }

      it { is_expected.to compile.and_raise_error(%r{no entropy::host_endpoint found in zones c .*set entropy::client::hosts}) }
    end
  end

  context 'with nothing exported' do
    it { is_expected.to compile.and_raise_error(%r{entropy::client: no entropy::host_endpoint found \(exported by entropy::host .*\): set entropy::client::hosts}) }
  end

  context 'with a host on the same node' do
    let(:pre_condition) { "class { 'entropy::host': export => true, export_address => '192.0.2.7' }" }

    it('collects its own endpoint too') { expect(hosts).to eq([{ 'address' => '192.0.2.7:7776', 'name' => 'node1.example.net' }]) }
  end
end
