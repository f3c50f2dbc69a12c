# frozen_string_literal: true

require 'spec_helper'
require 'yaml'

describe 'entropy::host' do
  let(:config_path) { '/etc/entropy-fleet/host-agent.yaml' }
  let(:unit_path) { '/etc/systemd/system/entropy-host-agent.service' }
  let(:agent_config) { YAML.safe_load(rendered(catalogue, config_path)) }
  let(:unit_text) { rendered(catalogue, unit_path) }

  context 'with defaults' do
    it { is_expected.to compile.with_all_deps }
    it { is_expected.to contain_class('entropy') }
    it { is_expected.to contain_entropy__tls_identity('host').with(kind: 'host', pki_mode: 'puppet', certname: 'node1.example.net').that_requires('Class[entropy::install]') }
    it { is_expected.to contain_file(config_path).with(owner: 'root', group: 'entropy-fleet', mode: '0640').that_requires('Class[entropy]') }
    it { expect(rendered(catalogue, config_path)).to start_with("# host-agent configuration. Managed by Puppet") }

    it 'renders the documented host-agent keys' do
      expect(agent_config).to eq(
        'listen' => '0.0.0.0:7776',
        'tls' => {
          'cert' => '/etc/entropy-fleet/tls/host.crt',
          'key' => '/etc/entropy-fleet/tls/host.key',
          'ca' => '/etc/entropy-fleet/tls/ca.pem',
          'crl' => '/etc/entropy-fleet/tls/crl.pem',
          'allow' => ['*'],
        },
        'sources' => [{ 'type' => 'device', 'path' => '/dev/hwrng', 'min-entropy' => 6 }],
        'metrics' => { 'listen' => '127.0.0.1:9776' },
      )
    end

    it 'reuses the Puppet agent certificate and key' do
      is_expected.to contain_file('/etc/entropy-fleet/tls/host.crt').with(source: '/etc/entropy-fleet/puppet-pki/issued/node1.example.net.crt', mode: '0644')
        .that_requires('Exec[entropy certs import-puppet]')
      is_expected.to contain_file('/etc/entropy-fleet/tls/host.key').with(
        source: '/etc/entropy-fleet/puppet-pki/issued/node1.example.net.key', owner: 'root', group: 'entropy-fleet', mode: '0640', show_diff: false,
      )
    end

    it { is_expected.to contain_file(unit_path).with(owner: 'root', group: 'root', mode: '0644') }

    it 'renders a hardened unit' do
      [
        'User=entropy-fleet', 'Group=entropy-fleet', 'ProtectSystem=strict', 'NoNewPrivileges=yes', 'PrivateTmp=yes',
        'DevicePolicy=closed', 'DeviceAllow=/dev/hwrng r', 'Restart=on-failure', 'CapabilityBoundingSet=',
        'Type=notify', 'StateDirectoryMode=0750', 'LimitNOFILE=65536', 'RuntimeDirectoryMode=0751', 'SystemCallFilter=@system-service',
        'ExecStart=/usr/bin/host-agent --config /etc/entropy-fleet/host-agent.yaml', 'ExecReload=/bin/kill -HUP $MAINPID',
        'WantedBy=multi-user.target'
      ].each { |line| expect(unit_text.lines.map(&:chomp)).to include(line) }
      expect(unit_text).not_to match(%r{AmbientCapabilities|SupplementaryGroups})
      expect(unit_text).not_to include('JVM_OPTS') # the package's host-agent.jvm.options apply
    end

    it { is_expected.to contain_service('entropy-host-agent').with(ensure: 'running', enable: true, provider: 'systemd') }
    it { is_expected.to contain_service('entropy-host-agent').that_subscribes_to("File[#{config_path}]") }
    it { is_expected.to contain_service('entropy-host-agent').that_subscribes_to("File[#{unit_path}]") }
    it { is_expected.to contain_service('entropy-host-agent').that_requires('Entropy::Tls_identity[host]') }

    it 'does not restart the service when certificates, keys, CA or CRL change' do
      service = catalogue.resource('Service', 'entropy-host-agent')
      subscribed = Array(service[:subscribe]).map(&:to_s)
      expect(subscribed).to contain_exactly("File[#{config_path}]", "File[#{unit_path}]")
      %w[host.crt host.key ca.pem crl.pem].each do |f|
        res = catalogue.resource('File', "/etc/entropy-fleet/tls/#{f}")
        expect(res[:notify]).to be_nil
      end
    end
  end

  context 'with every option' do
    let(:params) do
      {
        listen_address: '192.0.2.10',
        listen_port: 17_776,
        sources: [
          { 'type' => 'device', 'path' => '/dev/hwrng', 'min-entropy' => 6 },
          { 'type' => 'device', 'path' => '/dev/ttyACM0', 'min-entropy' => 7.5, 'name' => 'ekey', 'stall-timeout' => '1m' },
          { 'type' => 'device', 'path' => '/dev/hwrng' },
          { 'type' => 'egd', 'endpoint' => 'unix:/run/ekeyd/egd.sock' },
          {
            'type' => 'egd', 'endpoint' => 'rng0.example.net:7776', 'min-entropy' => 8,
            'tls' => { 'cert' => '/etc/entropy-fleet/tls/host.crt', 'key' => '/etc/entropy-fleet/tls/host.key', 'ca' => '/etc/entropy-fleet/tls/ca.pem' }
          },
          { 'type' => 'command', 'command' => ['/usr/bin/rdrand', '--raw'], 'min-entropy' => 1 },
        ],
        allow: ['client-*', '*.vm.example.net'],
        metrics_listen: '[::1]:9776',
        max_connections: 2000,
        pool_size: '1MiB',
        quota: { 'bytes-per-second' => '64KiB', 'burst' => '4096' },
        timeouts: { 'idle' => '10m', 'partial-frame' => '5s', 'blocking-read' => '30s', 'handshake' => '1m30s' },
        contributors: ['builder-*'],
        local_egd: 'unix:/run/entropy-fleet/host-egd.sock',
        local_egd_options: { 'max-clients' => 32, 'max-clients-per-user' => 8, 'idle-timeout' => '0' },
        tls_protocols: ['TLSv1.3', 'TLSv1.2'],
        tls_reload_interval: '10s',
        tls_handshake_timeout: '5s',
        extra_config: { 'workers' => 2 },
        jvm_opts: '-Xmx256m',
        supplementary_groups: ['dialout', 'plugdev'],
      }
    end

    it 'renders every key' do
      expect(agent_config['listen']).to eq('192.0.2.10:17776')
      expect(agent_config['tls']).to include('allow' => ['client-*', '*.vm.example.net'], 'protocols' => ['TLSv1.3', 'TLSv1.2'],
                                       'reload-interval' => '10s', 'handshake-timeout' => '5s')
      expect(agent_config['sources'].length).to eq(6)
      expect(agent_config['sources'][1]).to eq('type' => 'device', 'path' => '/dev/ttyACM0', 'min-entropy' => 7.5, 'name' => 'ekey', 'stall-timeout' => '1m')
      expect(agent_config['sources'][4]['tls']['ca']).to eq('/etc/entropy-fleet/tls/ca.pem')
      expect(agent_config['sources'][5]['command']).to eq(['/usr/bin/rdrand', '--raw'])
      expect(agent_config['metrics']).to eq('listen' => '[::1]:9776')
      expect(agent_config).to include('max-connections' => 2000, 'pool-size' => '1MiB', 'workers' => 2,
                                'quota' => { 'bytes-per-second' => '64KiB', 'burst' => '4096' },
                                'timeouts' => { 'idle' => '10m', 'partial-frame' => '5s', 'blocking-read' => '30s', 'handshake' => '1m30s' },
                                'contributors' => ['builder-*'])
      expect(agent_config['local-egd']).to eq('listen' => 'unix:/run/entropy-fleet/host-egd.sock', 'max-clients' => 32,
                                              'max-clients-per-user' => 8, 'idle-timeout' => '0',
                                              'socket-group' => 'entropy-egd', 'socket-mode' => '0660')
    end

    it 'allows exactly the configured devices, once each' do
      expect(unit_text.lines.grep(%r{^DeviceAllow=}).map(&:chomp)).to eq(['DeviceAllow=/dev/hwrng r', 'DeviceAllow=/dev/ttyACM0 r'])
    end

    it { expect(unit_text).to include('Environment="JVM_OPTS=-Xmx256m"') }
    it { expect(unit_text).to include("Group=entropy-fleet\nSupplementaryGroups=dialout plugdev\n") }
  end

  context 'with an IPv6 listen address' do
    let(:params) { { listen_address: '::' } }

    it { expect(agent_config['listen']).to eq('[::]:7776') }
  end

  context 'without storeconfigs (the default of export)' do
    it { expect(exported_resources).to have_entropy__host_endpoint_resource_count(0) }
  end

  context 'with export' do
    let(:params) { { export: true } }
    let(:facts) { DEBIAN_FACTS.merge('networking' => DEBIAN_FACTS['networking'].merge('ip' => '192.0.2.10')) }

    it 'exports where clients reach it: the address from the facts, verified against its certname' do
      expect(exported_resources).to contain_entropy__host_endpoint('node1.example.net').only_with(
        address: '192.0.2.10', port: 7776, cert_name: 'node1.example.net', weight: 100,
      )
    end
    it('declares nothing else') { is_expected.not_to contain_entropy__host_endpoint('node1.example.net') }
  end

  context 'with export, zone, weight and a specific listen address' do
    let(:params) { { export: true, listen_address: '192.0.2.20', listen_port: 7800, zone: 'dc2', weight: 250 } }

    it do
      expect(exported_resources).to contain_entropy__host_endpoint('node1.example.net').only_with(
        address: '192.0.2.20', port: 7800, cert_name: 'node1.example.net', zone: 'dc2', weight: 250,
      )
    end
  end

  context 'with export, export_address and a certificate name of its own (pki_mode suite)' do
    let(:pre_condition) { "class { 'entropy': pki_mode => 'suite' }" }
    let(:params) { { export: true, export_address: 'rng1-v4.example.net', certname: 'rng1.example.net' } }

    it { expect(exported_resources).to contain_entropy__host_endpoint('rng1.example.net').with(address: 'rng1-v4.example.net', cert_name: 'rng1.example.net') }
  end

  context 'with an invalid weight' do
    let(:params) { { export: true, weight: 0 } }

    it { is_expected.to compile.and_raise_error(%r{parameter 'weight' expects an Integer\[1, 10000\] value}) }
  end

  context 'with only EGD and command sources' do
    let(:params) { { sources: [{ 'type' => 'egd', 'endpoint' => '127.0.0.1:8888' }, { 'type' => 'command', 'command' => ['/bin/true'] }] } }

    it { expect(unit_text).not_to match(%r{^DeviceAllow=}) }
    it { expect(unit_text).to include("DevicePolicy=closed\n") }
  end

  context 'with a local EGD socket outside the runtime directory' do
    let(:params) { { local_egd: 'unix:/srv/egd/host.sock' } }

    it { expect(unit_text).to include("ProtectSystem=strict\n# Directories of unix sockets the agent listens on (outside its RuntimeDirectory).\nReadWritePaths=/srv/egd\n") }
  end

  context 'with a local EGD socket in the runtime directory' do
    let(:params) { { local_egd: 'unix:/run/entropy-fleet/host.sock' } }

    it { expect(unit_text).not_to include('ReadWritePaths') }
  end

  context 'with a local EGD TCP listener and its own limits' do
    let(:params) { { max_connections: 100, local_egd: '127.0.0.1:7777', local_egd_options: { 'max-clients' => 8 } } }

    it 'writes no socket keys for TCP' do
      expect(agent_config['local-egd']).to eq('listen' => '127.0.0.1:7777', 'max-clients' => 8)
      expect(agent_config['max-connections']).to eq(100)
    end
  end

  context 'with the local EGD socket given to libvirt-qemu through the group entropy-egd' do
    let(:pre_condition) { "class { 'entropy': local_egd_group_members => ['libvirt-qemu'], local_egd_socket_mode => '0620' }" }
    let(:params) { { local_egd: 'unix:/run/entropy-fleet/host-egd.sock' } }

    it { expect(agent_config['local-egd']).to include('socket-group' => 'entropy-egd', 'socket-mode' => '0620') }
    it { is_expected.to contain_exec('entropy local-egd group member libvirt-qemu').that_requires('Group[entropy-egd]') }
  end

  context 'with invalid local_egd_options' do
    let(:params) { { local_egd: '127.0.0.1:7777', local_egd_options: { 'buffer-bytes' => 1024 } } }

    it { is_expected.to compile.and_raise_error(%r{parameter 'local_egd_options'}) }
  end

  context 'with a privileged port' do
    let(:params) { { listen_port: 777 } }

    it { expect(unit_text).to include("CapabilityBoundingSet=CAP_NET_BIND_SERVICE\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n") }
  end

  context 'with manage_service => false' do
    let(:params) { { manage_service: false } }

    it { is_expected.to compile.with_all_deps }
    it { is_expected.not_to contain_service('entropy-host-agent') }
    it { is_expected.to contain_file(unit_path) }
  end

  context 'with service stopped and disabled' do
    let(:params) { { service_ensure: 'stopped', service_enable: false } }

    it { is_expected.to contain_service('entropy-host-agent').with(ensure: 'stopped', enable: false) }
  end

  context 'with root_dir and manage_service' do
    let(:pre_condition) { "class { 'entropy': root_dir => '/tmp/r', manage_package => false, manage_java => false, manage_user => false }" }

    it { is_expected.to compile.and_raise_error(%r{entropy::host: manage_service needs root_dir '/' \(got '/tmp/r'\)}) }
  end

  context 'with root_dir and no service' do
    let(:pre_condition) { "class { 'entropy': root_dir => '/tmp/r', manage_package => false, manage_java => false, manage_user => false }" }
    let(:params) { { manage_service: false } }

    it { is_expected.to contain_file('/tmp/r/etc/entropy-fleet/host-agent.yaml') }
    it { is_expected.to contain_file('/tmp/r/etc/systemd/system/entropy-host-agent.service') }
    it { is_expected.to contain_file('/tmp/r/etc/entropy-fleet/tls/host.key').with_mode('0640') }
    it { is_expected.to contain_file('/tmp/r/etc/entropy-fleet/tls/host.crt').with_mode('0644') }
    it 'writes the node paths, not the temporary root, into the files' do
      expect(rendered(catalogue, '/tmp/r/etc/entropy-fleet/host-agent.yaml')).not_to include('/tmp/r')
      expect(rendered(catalogue, '/tmp/r/etc/systemd/system/entropy-host-agent.service')).not_to include('/tmp/r')
    end
  end

  context 'with pki_mode puppet and a certname of another node' do
    let(:params) { { certname: 'rng1.example.net' } }

    it { is_expected.to compile.and_raise_error(%r{entropy::host: in pki_mode 'puppet' the certificate is the node's Puppet certificate 'node1.example.net' \(entropy::certname\), not 'rng1.example.net'}) }
  end

  context 'with pki_mode puppet and entropy::certname set' do
    let(:pre_condition) { "class { 'entropy': certname => 'rng1.example.net' }" }

    it { is_expected.to contain_file('/etc/entropy-fleet/tls/host.crt').with_source('/etc/entropy-fleet/puppet-pki/issued/rng1.example.net.crt') }
    it { is_expected.to contain_exec('entropy certs import-puppet').with_command(%r{--certname rng1.example.net }) }
  end

  context 'with pki_mode files' do
    let(:pre_condition) { "class { 'entropy': pki_mode => 'files', ca_bundle => 'CA PEM' }" }
    let(:params) { { cert: "CERT PEM\n", key: sensitive("KEY PEM\n") } }

    it { is_expected.to contain_file('/etc/entropy-fleet/tls/host.crt').with(content: "CERT PEM\n", mode: '0644') }
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/host.key').with(mode: '0640', show_diff: false) }
    it 'writes the key from a Sensitive value, which stays sensitive in the catalogue' do
      res = catalogue.resource('File', '/etc/entropy-fleet/tls/host.key')
      expect(res.sensitive_parameters).to include(:content)
      expect(rendered(catalogue, '/etc/entropy-fleet/tls/host.key')).to eq("KEY PEM\n")
    end
    it { expect(agent_config['tls']).not_to have_key('crl') }
  end

  context 'with pki_mode files without a key' do
    let(:pre_condition) { "class { 'entropy': pki_mode => 'files', ca_bundle => 'CA PEM' }" }
    let(:params) { { cert: 'CERT PEM' } }

    it { is_expected.to compile.and_raise_error(%r{entropy::host: pki_mode 'files' needs both cert \(PEM text\) and key}) }
  end

  context 'with a plain-string key' do
    let(:pre_condition) { "class { 'entropy': pki_mode => 'files', ca_bundle => 'CA PEM' }" }
    let(:params) { { cert: 'CERT PEM', key: 'KEY PEM' } }

    it { is_expected.to compile.and_raise_error(%r{parameter 'key' expects a value of type Undef or Sensitive}) }
  end

  context 'with pki_mode suite (on the CA node)' do
    let(:pre_condition) { "class { 'entropy': pki_mode => 'suite' }" }
    let(:params) { { certname: 'rng1.example.net', san: ['rng1.example.net', 'IP:192.0.2.10'] } }

    it do
      is_expected.to contain_exec('entropy certs issue host rng1.example.net').with(
        command: '/usr/bin/entropy-certs issue host rng1.example.net --dir /etc/entropy-fleet/pki --san rng1.example.net --san IP:192.0.2.10',
        creates: '/etc/entropy-fleet/pki/issued/rng1.example.net.crt',
      ).that_requires('Exec[entropy certs init-ca]').that_comes_before('Exec[entropy certs renew]')
    end
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/host.crt').with_source('/etc/entropy-fleet/pki/issued/rng1.example.net.crt').that_requires('Exec[entropy certs renew]') }
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/host.key').with(source: '/etc/entropy-fleet/pki/issued/rng1.example.net.key', mode: '0640') }
    it { is_expected.to compile.with_all_deps }
    it { is_expected.to contain_service('entropy-host-agent').with_subscribe(["File[#{config_path}]", "File[#{unit_path}]"]) }
  end

  context 'with pki_mode suite without init_ca' do
    let(:pre_condition) { "class { 'entropy': pki_mode => 'suite', init_ca => false }" }

    it { is_expected.to compile.with_all_deps }
    it { is_expected.to contain_exec('entropy certs issue host node1.example.net').that_comes_before('Exec[entropy certs renew]') }
  end

  {
    listen_port: [70_000, %r{parameter 'listen_port' expects}],
    listen_address: ['not a host!', %r{parameter 'listen_address' expects}],
    sources: [[], %r{parameter 'sources' expects size to be at least 1}],
    allow: [[], %r{parameter 'allow' expects size to be at least 1}],
    metrics_listen: ['0.0.0.0:9776', %r{parameter 'metrics_listen' expects}],
    local_egd: ['192.0.2.1:7777', %r{parameter 'local_egd' expects}],
    max_connections: [0, %r{parameter 'max_connections' expects}],
    pool_size: ['1 MB', %r{parameter 'pool_size' expects}],
    quota: [{ 'burst' => '64KiB' }, %r{parameter 'quota' expects a value for key 'bytes-per-second'}],
    timeouts: [{ 'idle' => '10 minutes' }, %r{parameter 'timeouts' entry 'idle' expects}],
    contributors: [[''], %r{parameter 'contributors' index 0 expects}],
    tls_protocols: [['TLSv1.1'], %r{parameter 'tls_protocols'}],
    tls_reload_interval: ['soon', %r{parameter 'tls_reload_interval' expects}],
    service_ensure: ['restarted', %r{parameter 'service_ensure' expects}],
    manage_service: ['false', %r{parameter 'manage_service' expects a Boolean value}],
    jvm_opts: ['-Dx="y"', %r{parameter 'jvm_opts' expects a match for Pattern}],
  }.each do |param, (value, message)|
    context "with invalid #{param} #{value.inspect}" do
      let(:params) { { param => value } }

      it { is_expected.to compile.and_raise_error(message) }
    end
  end

  {
    'an unknown source type' => { 'type' => 'rdrand' },
    'a relative device path' => { 'type' => 'device', 'path' => 'dev/hwrng' },
    'min-entropy above 8' => { 'type' => 'device', 'path' => '/dev/hwrng', 'min-entropy' => 9 },
    'min-entropy of 0' => { 'type' => 'device', 'path' => '/dev/hwrng', 'min-entropy' => 0 },
    'an EGD endpoint without port' => { 'type' => 'egd', 'endpoint' => '127.0.0.1' },
    'an EGD port above 65535' => { 'type' => 'egd', 'endpoint' => '127.0.0.1:65536' },
    'a command as a string' => { 'type' => 'command', 'command' => '/usr/bin/rdrand --raw' },
    'an empty command' => { 'type' => 'command', 'command' => [] },
    'an unknown key' => { 'type' => 'device', 'path' => '/dev/hwrng', 'min_entropy' => 6 },
  }.each do |what, source|
    context "with a source with #{what}" do
      let(:params) { { sources: [source] } }

      it { is_expected.to compile.and_raise_error(%r{parameter 'sources' index 0 }) }
    end
  end
end
