# frozen_string_literal: true

require 'spec_helper'
require_relative '../../lib/puppet_x/entropy/rendezvous'

describe 'entropy::rendezvous_order' do
  let(:clients) { (1..1000).map { |i| "vm#{i}.example.net" } }

  def first_choices(weights)
    counts = Hash.new(0)
    clients.each { |c| counts[subject.execute(c, weights).first] += 1 }
    counts
  end

  it { is_expected.to run.with_params('vm1', {}).and_return([]) }
  it { is_expected.to run.with_params('vm1', { 'rng1' => 100 }).and_return(['rng1']) }
  it { is_expected.to run.with_params('vm1', { 'rng1' => 0 }).and_raise_error(%r{expects an Integer\[1\] value}) }

  it 'gives every client a stable order of all candidates' do
    weights = { 'rng1' => 100, 'rng2' => 100, 'rng3' => 100 }
    order = subject.execute('vm1.example.net', weights)
    expect(order).to match_array(weights.keys)
    expect(subject.execute('vm1.example.net', weights.to_a.reverse.to_h)).to eq(order)
  end

  it 'spreads 1,000 clients evenly: each of 4 equal hosts is first for 25 % +- 5 %' do
    counts = first_choices({ 'rng1' => 100, 'rng2' => 100, 'rng3' => 100, 'rng4' => 100 })
    expect(counts.keys).to match_array(['rng1', 'rng2', 'rng3', 'rng4'])
    counts.each_value { |n| expect(n).to be_between(200, 300) }
  end

  it 'honours weights: a host of weight 200 is first for half of the clients next to two of weight 100' do
    counts = first_choices({ 'big' => 200, 'rng1' => 100, 'rng2' => 100 })
    expect(counts['big']).to be_between(450, 550)
    expect(counts['rng1']).to be_between(200, 300)
  end

  it 'moves only the clients of a host that goes away' do
    four = { 'rng1' => 100, 'rng2' => 100, 'rng3' => 100, 'rng4' => 100 }
    moved = clients.count do |c|
      before = subject.execute(c, four)
      after = subject.execute(c, four.reject { |id, _| id == 'rng4' })
      before.first != 'rng4' && after.first != before.first
    end
    expect(moved).to eq(0)
  end
end

describe 'entropy::endpoint_hosts' do
  def endpoint(id, zone: nil, address: '192.0.2.1', weight: 100)
    e = { 'id' => id, 'address' => address, 'port' => 7776, 'cert_name' => id, 'weight' => weight }
    zone.nil? ? e : e.merge('zone' => zone)
  end

  it 'renders {address, name} when the certificate does not carry the address, brackets IPv6' do
    hosts = subject.execute(
      [endpoint('rng1.example.net'), endpoint('rng2', address: '2001:db8::2'), endpoint('rng3.example.net', address: 'rng3.example.net')], 'vm1', nil
    )
    expect(hosts).to match_array([
                                   { 'address' => '192.0.2.1:7776', 'name' => 'rng1.example.net' },
                                   { 'address' => '[2001:db8::2]:7776', 'name' => 'rng2' },
                                   'rng3.example.net:7776',
                                 ])
  end

  it 'puts the same zone first, each zone in the rendezvous order' do
    eps = [endpoint('a1', zone: 'a'), endpoint('b1', zone: 'b'), endpoint('a2', zone: 'a'), endpoint('n1'), endpoint('b2', zone: 'b')]
    names = subject.execute(eps, 'vm7', 'b').map { |h| h['name'] }
    expect(names.first(2)).to match_array(['b1', 'b2'])
    expect(names.first(2)).to eq(PuppetX::Entropy::Rendezvous.order('vm7', { 'b1' => 100, 'b2' => 100 }))
    expect(names.drop(2)).to eq(PuppetX::Entropy::Rendezvous.order('vm7', { 'a1' => 100, 'a2' => 100, 'n1' => 100 }))
  end

  it 'keeps at most 16 hosts' do
    expect(subject.execute((1..20).map { |i| endpoint("rng#{i}") }, 'vm1', nil).size).to eq(16)
  end
end
