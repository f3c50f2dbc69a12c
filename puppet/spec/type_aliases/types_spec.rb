# frozen_string_literal: true

require 'spec_helper'

describe 'Entropy::Duration' do
  ['0', '500ms', '30s', '10m', '1h', '7d', '1m30s', '1h5m10s500ms'].each { |v| it { is_expected.to allow_value(v) } }
  ['', '45', '30 s', '1.5h', '-1s', '10min', '1w', 's', '1m 30s', 30, :undef].each { |v| it { is_expected.not_to allow_value(v) } }
end

describe 'Entropy::KernelMode' do
  %w[auto modern watermark off].each { |v| it { is_expected.to allow_value(v) } }
  ['Auto', 'on', '', nil].each { |v| it { is_expected.not_to allow_value(v) } }
end

describe 'Entropy::PkiMode' do
  %w[puppet files suite].each { |v| it { is_expected.to allow_value(v) } }
  %w[stunnel manual].each { |v| it { is_expected.not_to allow_value(v) } }
end

describe 'Entropy::Endpoint' do
  ['0.0.0.0:7776', '127.0.0.1:7777', '[::1]:7776', '[::]:1', 'rng1.example.net:7776', 'localhost:65535',
   'unix:/run/entropy-fleet/egd.sock'].each { |v| it { is_expected.to allow_value(v) } }
  ['127.0.0.1', '127.0.0.1:0', '127.0.0.1:65536', 'rng1.example.net:', ':7776', '::1:7776', 'unix:relative.sock',
   'unix:/with space', 'https://rng1:7776'].each { |v| it { is_expected.not_to allow_value(v) } }
end

describe 'Entropy::HostPort' do
  ['rng1.example.net:7776', '192.0.2.1:7776', '[2001:db8::1]:7776'].each { |v| it { is_expected.to allow_value(v) } }
  ['unix:/run/x.sock', 'rng1', 'rng1:0', '2001:db8::1:7776'].each { |v| it { is_expected.not_to allow_value(v) } }
end

describe 'Entropy::LocalEndpoint' do
  ['127.0.0.1:7777', '127.1.2.3:9777', '[::1]:7777', 'localhost:7777', 'unix:/run/entropy-fleet/egd.sock'].each { |v| it { is_expected.to allow_value(v) } }
  ['0.0.0.0:7777', '192.0.2.1:7777', '[::]:7777', 'rng1.example.net:7777', '127.0.0.1', 'unix:egd.sock'].each { |v| it { is_expected.not_to allow_value(v) } }
end

describe 'Entropy::Quota' do
  it { is_expected.to allow_value('bytes-per-second' => '4KiB') }
  it { is_expected.to allow_value('bytes-per-second' => '4KiB', 'burst' => '64KiB') }
  it { is_expected.not_to allow_value('burst' => '64KiB') }
  it { is_expected.not_to allow_value('bytes-per-second' => '4KiB', 'rate' => '1') }
end

describe 'Entropy::Timeouts' do
  it { is_expected.to allow_value({}) }
  it { is_expected.to allow_value('handshake' => '10s', 'partial-frame' => '30s', 'idle' => '0', 'blocking-read' => '30s') }
  it { is_expected.not_to allow_value('idle' => 600) }
  it { is_expected.not_to allow_value('connect' => '1s') }
end

describe 'Entropy::SocketMode' do
  ['0660', '660', '0600', '0777'].each { |v| it { is_expected.to allow_value(v) } }
  ['0668', '4755', '00660', 660, 'rw-rw----'].each { |v| it { is_expected.not_to allow_value(v) } }
end

describe 'Entropy::LocalEgdOptions' do
  it { is_expected.to allow_value('buffer-bytes' => 1024, 'max-clients' => 64, 'max-clients-per-user' => 16, 'idle-timeout' => '0') }
  it { is_expected.not_to allow_value('max-clients-per-user' => 0) }
  it { is_expected.not_to allow_value('socket-group' => 'kvm') }
end

describe 'Entropy::HostLocalEgdOptions' do
  it { is_expected.to allow_value('max-clients' => 64, 'max-clients-per-user' => 16, 'idle-timeout' => '0') }
  it { is_expected.not_to allow_value('buffer-bytes' => 1024) }
  it { is_expected.not_to allow_value('max-clients' => 5000) }
end

describe 'Entropy::DataSize' do
  ['4096', '64KiB', '1MiB', '2GiB', '10B', '1MB', '64kB'].each { |v| it { is_expected.to allow_value(v) } }
  ['1 MiB', '1.5MiB', '1TB', 'KiB', 4096].each { |v| it { is_expected.not_to allow_value(v) } }
end

describe 'Entropy::MinEntropy' do
  [1, 6, 8, 0.5, 7.9, 8.0].each { |v| it { is_expected.to allow_value(v) } }
  [0, 9, 8.5, -1, '6'].each { |v| it { is_expected.not_to allow_value(v) } }
end

describe 'Entropy::Source' do
  [
    { 'type' => 'device', 'path' => '/dev/hwrng' },
    { 'type' => 'device', 'path' => '/dev/hwrng', 'min-entropy' => 6 },
    { 'type' => 'egd', 'endpoint' => '127.0.0.1:8888', 'min-entropy' => 7.5 },
    { 'type' => 'egd', 'endpoint' => 'unix:/run/ekeyd.sock' },
    { 'type' => 'egd', 'endpoint' => 'rng0:7776', 'tls' => { 'cert' => '/a.crt', 'key' => '/a.key', 'ca' => '/ca.pem' } },
    { 'type' => 'command', 'command' => ['/usr/bin/rdrand'] },
    { 'type' => 'device', 'path' => '/dev/hwrng', 'name' => 'virtio', 'stall-timeout' => '1m' },
  ].each { |v| it { is_expected.to allow_value(v) } }
  [
    { 'type' => 'device' },
    { 'type' => 'device', 'path' => '/dev/hwrng', 'endpoint' => '127.0.0.1:8888' },
    { 'type' => 'egd', 'path' => '/dev/hwrng' },
    { 'type' => 'egd', 'endpoint' => 'rng0:7776', 'tls' => { 'cert' => '/a.crt' } },
    { 'type' => 'command', 'command' => 'rdrand' },
    { 'type' => 'command', 'command' => [''] },
    { 'type' => 'jitter' },
    { 'type' => 'device', 'path' => '/dev/hwrng', 'stall-timeout' => '60' },
    '/dev/hwrng',
  ].each { |v| it { is_expected.not_to allow_value(v) } }
end

describe 'Entropy::AptSource' do
  it { is_expected.to allow_value('location' => 'https://apt.example.net', 'release' => 'bookworm') }
  it { is_expected.to allow_value('location' => 'http://apt.example.net', 'release' => 'stable', 'components' => ['main'], 'signed_by' => '/k.gpg') }
  it { is_expected.not_to allow_value('location' => 'apt.example.net', 'release' => 'bookworm') }
  it { is_expected.not_to allow_value('location' => 'https://apt.example.net') }
  it { is_expected.not_to allow_value('location' => 'https://apt.example.net', 'release' => 'x', 'components' => []) }
end
