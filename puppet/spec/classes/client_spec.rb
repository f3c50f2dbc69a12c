# frozen_string_literal: true

require 'spec_helper'
require 'yaml'

describe 'entropy::client' do
  let(:config_path) { '/etc/entropy-fleet/client-agent.yaml' }
  let(:unit_path) { '/etc/systemd/system/entropy-client-agent.service' }
  let(:seed_path) { '/etc/systemd/system/entropy-client-seed.service' }
  let(:agent_config) { YAML.safe_load(rendered(catalogue, config_path)) }
  let(:unit_text) { rendered(catalogue, unit_path) }
  let(:seed_text) { rendered(catalogue, seed_path) }
  let(:params) { { hosts: ['rng1.example.net:7776', 'rng2.example.net:7776'] } }

  context 'with only hosts' do
    it { is_expected.to compile.with_all_deps }
    it { is_expected.to contain_class('entropy') }
    it { is_expected.to contain_entropy__tls_identity('client').with(kind: 'client', pki_mode: 'puppet', certname: 'node1.example.net') }
    it { is_expected.to contain_file(config_path).with(owner: 'root', group: 'entropy-fleet', mode: '0640') }

    it 'renders the documented client-agent keys' do
      expect(agent_config).to eq(
        'hosts' => ['rng1.example.net:7776', 'rng2.example.net:7776'],
        'tls' => { 'cert' => '/etc/entropy-fleet/tls/client.crt', 'key' => '/etc/entropy-fleet/tls/client.key', 'ca' => '/etc/entropy-fleet/tls/ca.pem' },
        'kernel' => { 'mode' => 'auto' },
        'metrics' => { 'listen' => '127.0.0.1:9777' },
      )
    end

    it { is_expected.to contain_file('/etc/entropy-fleet/tls/client.crt').with_source('/etc/entropy-fleet/puppet-pki/issued/node1.example.net.crt') }
    it do
      is_expected.to contain_file('/etc/entropy-fleet/tls/client.key').with(source: '/etc/entropy-fleet/puppet-pki/issued/node1.example.net.key', mode: '0640', show_diff: false)
                                                                   .that_requires('Exec[entropy certs import-puppet]')
    end

    it 'grants CAP_SYS_ADMIN and nothing more' do
      lines = unit_text.lines.map(&:chomp)
      expect(lines).to include('CapabilityBoundingSet=CAP_SYS_ADMIN', 'AmbientCapabilities=CAP_SYS_ADMIN')
      expect(lines.grep(%r{Capabilit})).to eq(['CapabilityBoundingSet=CAP_SYS_ADMIN', 'AmbientCapabilities=CAP_SYS_ADMIN'])
    end

    it 'renders a hardened unit' do
      [
        'User=entropy-fleet', 'ProtectSystem=strict', 'NoNewPrivileges=yes', 'PrivateTmp=yes', 'PrivateDevices=yes',
        'ProtectKernelTunables=yes', 'SystemCallFilter=@system-service', 'StateDirectoryMode=0750', 'RuntimeDirectoryMode=0751',
        'Restart=on-failure', 'ExecStart=/usr/bin/client-agent --config /etc/entropy-fleet/client-agent.yaml',
        'ExecReload=/bin/kill -HUP $MAINPID'
      ].each { |line| expect(unit_text.lines.map(&:chomp)).to include(line) }
      expect(unit_text).not_to include('JVM_OPTS') # the package's client-agent.jvm.options apply
    end

    it 'renders an early-boot oneshot seed unit' do
      lines = seed_text.lines.map(&:chomp)
      expect(lines).to include(
        'Type=oneshot', 'Before=entropy-client-agent.service ssh.service', 'After=network-online.target entropy-host-agent.service',
        'TimeoutStartSec=30s 15s',
        'ExecStart=/usr/bin/client-agent seed --bytes 64 --timeout 30s --config /etc/entropy-fleet/client-agent.yaml',
        'CapabilityBoundingSet=CAP_SYS_ADMIN', 'AmbientCapabilities=CAP_SYS_ADMIN', 'WantedBy=multi-user.target'
      )
    end

    it { is_expected.to contain_service('entropy-client-agent').with(ensure: 'running', enable: true, provider: 'systemd') }
    it { is_expected.to contain_service('entropy-client-agent').that_subscribes_to("File[#{config_path}]") }
    it { is_expected.to contain_service('entropy-client-agent').that_subscribes_to("File[#{unit_path}]") }
    it { is_expected.to contain_service('entropy-client-seed').with(enable: true, ensure: nil).that_comes_before('Service[entropy-client-agent]') }
    it { is_expected.to contain_service('entropy-client-seed').that_requires("File[#{seed_path}]") }

    it 'does not restart the agent when certificates, keys or the CA change' do
      subscribed = Array(catalogue.resource('Service', 'entropy-client-agent')[:subscribe]).map(&:to_s)
      expect(subscribed).to contain_exactly("File[#{config_path}]", "File[#{unit_path}]")
      %w[client.crt client.key ca.pem crl.pem].each do |f|
        expect(catalogue.resource('File', "/etc/entropy-fleet/tls/#{f}")[:notify]).to be_nil
      end
    end
  end

  context 'with every option' do
    let(:params) do
      {
        hosts: ['[2001:db8::1]:7776', '192.0.2.1:7776'],
        kernel_mode: 'watermark',
        top_up_interval: '60s',
        top_up_bytes: 128,
        reseed: true,
        low_watermark: 1024,
        high_watermark: 4096,
        poll_interval: '500ms',
        credit_bits_per_byte: 4,
        request_timeout: '2s',
        failback_after: '10m',
        local_egd: 'unix:/run/entropy-fleet/egd.sock',
        local_egd_options: { 'buffer-bytes' => 4096, 'max-clients' => 8, 'max-clients-per-user' => 2, 'idle-timeout' => '0',
                             'blocking-read-timeout' => '1m' },
        metrics_listen: '127.0.0.1:19777',
        use_crl: true,
        tls_protocols: ['TLSv1.3'],
        extra_config: { 'connect-timeout' => '5s' },
        jvm_opts: '-Xmx32m',
        seed_bytes: 128,
        seed_before: ['cryptsetup-pre.target'],
        seed_timeout: '1m',
      }
    end

    it 'renders every key' do
      expect(agent_config).to eq(
        'hosts' => ['[2001:db8::1]:7776', '192.0.2.1:7776'],
        'tls' => {
          'cert' => '/etc/entropy-fleet/tls/client.crt', 'key' => '/etc/entropy-fleet/tls/client.key',
          'ca' => '/etc/entropy-fleet/tls/ca.pem', 'crl' => '/etc/entropy-fleet/tls/crl.pem', 'protocols' => ['TLSv1.3']
        },
        'kernel' => {
          'mode' => 'watermark', 'top-up-interval' => '60s', 'top-up-bytes' => 128, 'reseed' => true, 'low-watermark' => 1024,
          'high-watermark' => 4096, 'poll-interval' => '500ms', 'credit-bits-per-byte' => 4
        },
        'local-egd' => {
          'listen' => 'unix:/run/entropy-fleet/egd.sock', 'buffer-bytes' => 4096, 'max-clients' => 8, 'max-clients-per-user' => 2,
          'idle-timeout' => '0', 'blocking-read-timeout' => '1m', 'socket-group' => 'entropy-egd', 'socket-mode' => '0660'
        },
        'metrics' => { 'listen' => '127.0.0.1:19777' },
        'request-timeout' => '2s',
        'failback-after' => '10m',
        'connect-timeout' => '5s',
      )
    end

    it { expect(seed_text).to include("ExecStart=/usr/bin/client-agent seed --bytes 128 --timeout 1m --config /etc/entropy-fleet/client-agent.yaml\n") }
    it { expect(seed_text).to include("Before=cryptsetup-pre.target\n", "TimeoutStartSec=1m 15s\n", "Environment=\"JVM_OPTS=-Xmx32m\"\n") }
    it { expect(unit_text).to include("Environment=\"JVM_OPTS=-Xmx32m\"\n") }
  end

  context 'with the original deployment local EGD port' do
    let(:params) { { hosts: ['entropy.example.net:7776'], local_egd: '127.0.0.1:7777' } }

    it('writes no socket keys for TCP') { expect(agent_config['local-egd']).to eq('listen' => '127.0.0.1:7777') }
  end

  context 'with the socket mode among the options' do
    # the socket's group and mode are entropy's (one group for both agents), not per-class options
    let(:params) { { hosts: ['rng1:7776'], local_egd: 'unix:/run/entropy-fleet/egd.sock', local_egd_options: { 'socket-mode' => '0666' } } }

    it { is_expected.to compile.and_raise_error(%r{parameter 'local_egd_options' unrecognized key 'socket-mode'}) }
  end

  context 'with sockets outside the runtime directory' do
    let(:params) { { hosts: ['rng1:7776'], local_egd: 'unix:/var/lib/qemu/egd.sock', metrics_listen: 'unix:/srv/m/metrics.sock' } }

    it { expect(unit_text).to include("ReadWritePaths=/var/lib/qemu /srv/m\n") }
    it { expect(seed_text).not_to include('ReadWritePaths') }
  end

  context 'without the seed unit' do
    let(:params) { { hosts: ['rng1:7776'], seed_service: false, seed_before: [] } }

    it { is_expected.to contain_file(seed_path).with_ensure('absent') }
    it { is_expected.to contain_service('entropy-client-seed').with_enable(false).that_comes_before("File[#{seed_path}]") }
  end

  context 'in timer mode' do
    let(:params) { { hosts: ['rng1:7776'], mode: 'timer', timer_interval: '2h', timer_randomized_delay: '15m' } }
    let(:timer_path) { '/etc/systemd/system/entropy-client-seed.timer' }

    it { is_expected.to compile.with_all_deps }
    it { is_expected.to contain_service('entropy-client-agent').with(ensure: 'stopped', enable: false) }
    it { is_expected.to contain_service('entropy-client-seed.timer').with(ensure: 'running', enable: true).that_subscribes_to("File[#{timer_path}]") }

    it 'renders a timer and a seed unit it can start again, recording in the state directory' do
      expect(rendered(catalogue, timer_path).lines.map(&:chomp)).to include(
        'OnBootSec=2h', 'OnUnitActiveSec=2h', 'RandomizedDelaySec=15m', 'WantedBy=timers.target'
      )
      expect(seed_text.lines.map(&:chomp)).to include(
        'RemainAfterExit=no', 'StateDirectory=entropy-fleet',
        'ExecStart=/usr/bin/client-agent seed --bytes 64 --timeout 30s --config /etc/entropy-fleet/client-agent.yaml --state-dir /var/lib/entropy-fleet'
      )
    end

    context 'without the seed unit' do
      let(:params) { { hosts: ['rng1:7776'], mode: 'timer', seed_service: false } }

      it { is_expected.to compile.and_raise_error(%r{mode timer .* needs seed_service}) }
    end

    context 'with a local EGD endpoint' do
      let(:params) { { hosts: ['rng1:7776'], mode: 'timer', local_egd: '127.0.0.1:7777' } }

      it { is_expected.to compile.and_raise_error(%r{no daemon to serve local_egd}) }
    end
  end

  context 'in daemon mode' do
    let(:params) { { hosts: ['rng1:7776'] } }

    it { is_expected.to contain_file('/etc/systemd/system/entropy-client-seed.timer').with_ensure('absent') }
    it { is_expected.to contain_service('entropy-client-seed.timer').with(ensure: 'stopped', enable: false) }
    it { expect(seed_text.lines.map(&:chomp)).to include('RemainAfterExit=yes') }
  end

  context 'with an empty seed_before' do
    let(:params) { { hosts: ['rng1:7776'], seed_before: [] } }

    it { expect(seed_text).not_to match(%r{^Before=}) }
  end

  context 'with manage_service => false' do
    let(:params) { { hosts: ['rng1:7776'], manage_service: false } }

    it { is_expected.to compile.with_all_deps }
    it { is_expected.not_to contain_service('entropy-client-agent') }
    it { is_expected.not_to contain_service('entropy-client-seed') }
    it { is_expected.to contain_file(unit_path) }
    it { is_expected.to contain_file(seed_path) }
  end

  context 'with the agent disabled' do
    let(:params) { { hosts: ['rng1:7776'], service_ensure: 'stopped', service_enable: false } }

    it { is_expected.to contain_service('entropy-client-agent').with(ensure: 'stopped', enable: false) }
    it { is_expected.to contain_service('entropy-client-seed').with_enable(false) }
  end

  context 'with root_dir and manage_service' do
    let(:pre_condition) { "class { 'entropy': root_dir => '/tmp/r', manage_package => false, manage_java => false, manage_user => false }" }

    it { is_expected.to compile.and_raise_error(%r{entropy::client: manage_service needs root_dir '/' \(got '/tmp/r'\)}) }
  end

  context 'with root_dir and no service' do
    let(:pre_condition) { "class { 'entropy': root_dir => '/tmp/r', manage_package => false, manage_java => false, manage_user => false }" }
    let(:params) { { hosts: ['rng1:7776'], manage_service: false } }

    it { is_expected.to contain_file('/tmp/r/etc/entropy-fleet/client-agent.yaml') }
    it { is_expected.to contain_entropy__client_config('/tmp/r/etc/entropy-fleet/client-agent.yaml') }
    it { is_expected.to contain_file('/tmp/r/etc/systemd/system/entropy-client-agent.service') }
    it { is_expected.to contain_file('/tmp/r/etc/systemd/system/entropy-client-seed.service') }
    it { is_expected.to contain_file('/tmp/r/etc/systemd/system/entropy-client-seed.timer').with_ensure('absent') }
    it { is_expected.to contain_file('/tmp/r/etc/entropy-fleet/tls/client.crt').with_mode('0644') }
    it { is_expected.to contain_file('/tmp/r/etc/entropy-fleet/tls/client.key').with_mode('0640') }
    it { expect(rendered(catalogue, '/tmp/r/etc/systemd/system/entropy-client-seed.service')).not_to include('/tmp/r') }
  end

  context 'with use_crl but no CRL in class entropy' do
    let(:pre_condition) { "class { 'entropy': use_crl => false }" }
    let(:params) { { hosts: ['rng1:7776'], use_crl: true } }

    it { is_expected.to compile.and_raise_error(%r{entropy::client: use_crl needs a CRL from class entropy}) }
  end

  context 'with pki_mode files' do
    let(:pre_condition) { "class { 'entropy': pki_mode => 'files', ca_bundle => 'CA PEM' }" }
    let(:params) { { hosts: ['rng1:7776'], cert: 'CERT PEM', key: sensitive('KEY PEM') } }

    it { is_expected.to contain_file('/etc/entropy-fleet/tls/client.crt').with_content('CERT PEM') }
    it { expect(catalogue.resource('File', '/etc/entropy-fleet/tls/client.key').sensitive_parameters).to include(:content) }
  end

  context 'with entropy::host on the same node, pki_mode suite' do
    let(:pre_condition) { "class { 'entropy': pki_mode => 'suite' } class { 'entropy::host': certname => 'rng1.example.net' }" }
    let(:params) { { hosts: ['127.0.0.1:7776'], certname: 'rng1-client' } }

    it { is_expected.to compile.with_all_deps }
    it { is_expected.to contain_exec('entropy certs issue host rng1.example.net').that_comes_before('Exec[entropy certs renew]') }
    it { is_expected.to contain_exec('entropy certs issue client rng1-client').that_comes_before('Exec[entropy certs renew]') }
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/client.key').with_source('/etc/entropy-fleet/pki/issued/rng1-client.key') }
  end

  context 'with entropy::host on the same node, pki_mode suite, default names' do
    let(:pre_condition) { "class { 'entropy': pki_mode => 'suite' } class { 'entropy::host': }" }
    let(:params) { { hosts: ['localhost:7776'] } }

    it { is_expected.to compile.with_all_deps }
    it { is_expected.to contain_exec('entropy certs issue host node1.example.net').with_creates('/etc/entropy-fleet/pki/issued/node1.example.net.crt') }
    it { is_expected.to contain_exec('entropy certs issue client client-node1.example.net').with_creates('/etc/entropy-fleet/pki/issued/client-node1.example.net.crt') }
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/client.crt').with_source('/etc/entropy-fleet/pki/issued/client-node1.example.net.crt') }
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/host.crt').with_source('/etc/entropy-fleet/pki/issued/node1.example.net.crt') }
  end

  context 'with pki_mode files without a cert' do
    let(:pre_condition) { "class { 'entropy': pki_mode => 'files', ca_bundle => 'CA PEM' }" }
    let(:params) { { hosts: ['rng1:7776'], key: sensitive('KEY PEM') } }

    it { is_expected.to compile.and_raise_error(%r{entropy::client: pki_mode 'files' needs both cert}) }
  end

  context 'with pki_mode suite' do
    let(:pre_condition) { "class { 'entropy': pki_mode => 'suite', certs_command => 'java -jar /opt/certs.jar' }" }
    let(:params) { { hosts: ['rng1:7776'], certname: 'vm1.example.net' } }

    it { is_expected.to compile.with_all_deps }
    it do
      is_expected.to contain_exec('entropy certs issue client vm1.example.net').with(
        command: 'java -jar /opt/certs.jar issue client vm1.example.net --dir /etc/entropy-fleet/pki',
        creates: '/etc/entropy-fleet/pki/issued/vm1.example.net.crt',
      ).that_comes_before('Exec[entropy certs renew]')
    end
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/client.key').with_source('/etc/entropy-fleet/pki/issued/vm1.example.net.key') }
  end

  context 'without hosts and without PuppetDB (storeconfigs off, as with masterless puppet apply)' do
    let(:params) { {} }

    it { is_expected.to compile.and_raise_error(%r{no entropy::host_endpoint found .*masterless puppet apply\): set entropy::client::hosts}) }
  end

  context 'with a host entry naming the certificate apart from the address' do
    let(:params) { { hosts: [{ 'address' => '192.0.2.1:7776', 'name' => 'rng1.example.net' }, 'rng2.example.net:7776'] } }

    it { expect(agent_config['hosts']).to eq([{ 'address' => '192.0.2.1:7776', 'name' => 'rng1.example.net' }, 'rng2.example.net:7776']) }
  end

  {
    hosts: [[], %r{parameter 'hosts' expects size to be between 1 and 16, got 0}],
    zone: ['', %r{parameter 'zone' expects}],
    zones: [[], %r{parameter 'zones' expects}],
    kernel_mode: ['legacy', %r{parameter 'kernel_mode' expects a match for Entropy::KernelMode}],
    top_up_interval: ['every minute', %r{parameter 'top_up_interval' expects}],
    local_egd: ['7777', %r{parameter 'local_egd' expects}],
    metrics_listen: ['localhost', %r{parameter 'metrics_listen' expects}],
    top_up_bytes: [0, %r{parameter 'top_up_bytes' expects}],
    reseed: ['yes', %r{parameter 'reseed' expects}],
    low_watermark: [-1, %r{parameter 'low_watermark' expects}],
    high_watermark: [70_000, %r{parameter 'high_watermark' expects}],
    poll_interval: ['1', %r{parameter 'poll_interval' expects}],
    credit_bits_per_byte: [9, %r{parameter 'credit_bits_per_byte' expects}],
    request_timeout: ['5 s', %r{parameter 'request_timeout' expects}],
    failback_after: ['5min', %r{parameter 'failback_after' expects}],
    local_egd_options: [{ 'buffer-bytes' => 100 }, %r{parameter 'local_egd_options' entry 'buffer-bytes' expects}],
    seed_bytes: [0, %r{parameter 'seed_bytes' expects an Integer\[1, 4096\] value, got Integer\[0, 0\]}],
    seed_timeout: ['30 seconds', %r{parameter 'seed_timeout' expects}],
    use_crl: ['no', %r{parameter 'use_crl' expects a Boolean value}],
    tls_protocols: [['SSLv3'], %r{parameter 'tls_protocols'}],
    jvm_opts: ["-Xmx1g\nExecStartPre=/bin/sh", %r{parameter 'jvm_opts' expects a match for Pattern}],
    key: ['plain text key', %r{parameter 'key' expects a value of type Undef or Sensitive}],
  }.each do |param, (value, message)|
    context "with invalid #{param} #{value.inspect}" do
      let(:params) { { hosts: ['rng1:7776'], param => value } }

      it { is_expected.to compile.and_raise_error(message) }
    end
  end

  context 'with a local EGD endpoint beyond loopback' do
    let(:params) { { hosts: ['rng1:7776'], local_egd: '0.0.0.0:7777' } }

    it { is_expected.to compile.and_raise_error(%r{parameter 'local_egd' expects}) }
  end

  context 'with more than 16 hosts' do
    let(:params) { { hosts: (1..17).map { |i| "rng#{i}:7776" } } }

    it { is_expected.to compile.and_raise_error(%r{parameter 'hosts' expects size to be between 1 and 16, got 17}) }
  end

  context 'with watermarks the wrong way round' do
    let(:params) { { hosts: ['rng1:7776'], low_watermark: 2048, high_watermark: 1024 } }

    it { is_expected.to compile.and_raise_error(%r{entropy::client: high_watermark \(1024\) must be >= low_watermark \(2048\)}) }
  end

  context 'with a unix socket as host' do
    let(:params) { { hosts: ['unix:/run/x.sock'] } }

    it { is_expected.to compile.and_raise_error(%r{parameter 'hosts' index 0 expects an Entropy::HostEntry = Variant}) }
  end

  context 'with a host without port' do
    let(:params) { { hosts: ['rng1.example.net'] } }

    it { is_expected.to compile.and_raise_error(%r{parameter 'hosts' index 0 expects an Entropy::HostEntry = Variant}) }
  end
end
