# frozen_string_literal: true

require 'spec_helper'

describe 'entropy' do
  context 'with defaults (pki_mode puppet)' do
    it { is_expected.to compile.with_all_deps }
    it { is_expected.to contain_package('openjdk-17-jre-headless').with_ensure('installed') }
    it { is_expected.to contain_package('entropy-fleet').with(ensure: 'installed', provider: 'apt') }
    it { is_expected.to contain_package('entropy-fleet').that_requires('Package[openjdk-17-jre-headless]') }
    it { is_expected.to contain_package('entropy-fleet').that_requires('User[entropy-fleet]') }
    it { is_expected.to contain_group('entropy-fleet').with(system: true) }
    it { is_expected.to contain_user('entropy-fleet').with(system: true, gid: 'entropy-fleet', shell: '/usr/sbin/nologin', home: '/var/lib/entropy-fleet') }
    # the local EGD sockets' group: the module's own, with the agent in it so it can chgrp its sockets
    it { is_expected.to contain_group('entropy-egd').with(system: true).that_comes_before('User[entropy-fleet]') }
    it { is_expected.to contain_user('entropy-fleet').with(groups: ['entropy-egd'], membership: 'minimum') }
    it { is_expected.not_to contain_exec(%r{entropy local-egd group member}) }
    it { is_expected.not_to contain_file('/etc/apt/sources.list.d/entropy-fleet.sources') }

    it { is_expected.to contain_file('/etc/entropy-fleet').with(ensure: 'directory', owner: 'root', group: 'entropy-fleet', mode: '0750') }
    it { is_expected.to contain_file('/etc/entropy-fleet/tls').with(ensure: 'directory', owner: 'root', group: 'entropy-fleet', mode: '0750') }
    it { is_expected.to contain_file('/var/lib/entropy-fleet').with(ensure: 'directory', owner: 'entropy-fleet', group: 'entropy-fleet', mode: '0750') }
    it 'converts the Puppet agent\'s files with certs import-puppet, only when they changed' do
      is_expected.to contain_exec('entropy certs import-puppet').with(
        command: '/usr/bin/entropy-certs import-puppet --ssldir /var/lib/puppet/ssl --certname node1.example.net ' \
                 '--dir /etc/entropy-fleet/puppet-pki && sha256sum /var/lib/puppet/ssl/certs/node1.example.net.pem ' \
                 '/var/lib/puppet/ssl/private_keys/node1.example.net.pem /var/lib/puppet/ssl/certs/ca.pem ' \
                 '/var/lib/puppet/ssl/crl.pem > /etc/entropy-fleet/puppet-pki/.puppet-inputs.sha256',
        unless: 'test -s /etc/entropy-fleet/puppet-pki/issued/node1.example.net.key && ' \
                'sha256sum --check --status /etc/entropy-fleet/puppet-pki/.puppet-inputs.sha256',
        provider: 'shell',
      ).that_comes_before('File[/etc/entropy-fleet/tls/ca.pem]')
    end
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/ca.pem').with(source: '/etc/entropy-fleet/puppet-pki/ca-bundle.pem', mode: '0644') }
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/crl.pem').with(source: '/etc/entropy-fleet/puppet-pki/ca.crl', mode: '0644').that_requires('Exec[entropy certs import-puppet]') }
    it { is_expected.to contain_class('entropy::install').that_comes_before('Class[entropy::config]') }
    it { is_expected.to contain_class('entropy::config') }
  end

  context 'with ssldir and use_crl => false' do
    let(:params) { { ssldir: '/etc/puppetlabs/puppet/ssl', use_crl: false } }

    it { is_expected.to contain_exec('entropy certs import-puppet').with_command(%r{--ssldir /etc/puppetlabs/puppet/ssl .*/etc/puppetlabs/puppet/ssl/certs/ca.pem > }) }
    it { expect(catalogue.resource('Exec', 'entropy certs import-puppet')[:command]).not_to include('crl.pem') }
    it { is_expected.not_to contain_file('/etc/entropy-fleet/tls/crl.pem') }
  end

  context 'with a pinned version from an apt source' do
    let(:params) do
      {
        package_ensure: '0.1.0',
        apt_source: { 'location' => 'https://apt.example.net/ef', 'release' => 'bookworm', 'signed_by' => '/usr/share/keyrings/ef.gpg' },
      }
    end

    it { is_expected.to contain_package('entropy-fleet').with(ensure: '0.1.0', provider: 'apt').that_requires('Exec[entropy apt-get update]') }
    it { is_expected.to contain_exec('entropy apt-get update').with(refreshonly: true).that_subscribes_to('File[/etc/apt/sources.list.d/entropy-fleet.sources]') }
    it { is_expected.to contain_file('/etc/apt/sources.list.d/entropy-fleet.sources').with(owner: 'root', mode: '0644') }
    it do
      expect(rendered(catalogue, '/etc/apt/sources.list.d/entropy-fleet.sources')).to eq(<<~SOURCES)
        # Managed by Puppet (module entropy).
        Types: deb
        URIs: https://apt.example.net/ef
        Suites: bookworm
        Components: main
        Signed-By: /usr/share/keyrings/ef.gpg
      SOURCES
    end
  end

  context 'with a local .deb' do
    let(:params) { { package_source: '/srv/entropy-fleet_0.1.0_all.deb', package_ensure: 'latest', apt_source: { 'location' => 'https://x.example', 'release' => 'r' } } }

    it { is_expected.to contain_package('entropy-fleet').with(ensure: 'latest', provider: 'dpkg', source: '/srv/entropy-fleet_0.1.0_all.deb') }
    it { is_expected.not_to contain_exec('entropy apt-get update') }
  end

  context 'without package, java and user' do
    let(:params) { { manage_package: false, manage_java: false, manage_user: false } }

    it { is_expected.to compile.with_all_deps }
    it { is_expected.not_to contain_package('entropy-fleet') }
    it { is_expected.not_to contain_package('openjdk-17-jre-headless') }
    it { is_expected.not_to contain_user('entropy-fleet') }
    it { is_expected.not_to contain_group('entropy-fleet') }
    it { is_expected.not_to contain_group('entropy-egd') }
  end

  context 'with the local EGD sockets given to an existing group and a reader added to it' do
    let(:params) { { local_egd_group: 'kvm', local_egd_group_members: ['libvirt-qemu'] } }

    it { is_expected.not_to contain_group('kvm') }
    it { is_expected.to contain_user('entropy-fleet').with(groups: ['kvm']) }
    it do
      is_expected.to contain_exec('entropy local-egd group member libvirt-qemu').with(
        command: 'usermod -a -G kvm libvirt-qemu', unless: "id -nG libvirt-qemu | tr ' ' '\\n' | grep -qxF kvm", require: nil,
      )
    end
  end

  context 'with the local EGD sockets in the agents\' own group' do
    let(:params) { { local_egd_group: 'entropy-fleet' } }

    it { is_expected.to contain_user('entropy-fleet').with(groups: []) }
  end

  context 'with an invalid local_egd_socket_mode' do
    let(:params) { { local_egd_socket_mode: '0668' } }

    it { is_expected.to compile.and_raise_error(%r{parameter 'local_egd_socket_mode' expects a match for Entropy::SocketMode}) }
  end

  context 'with a custom user, group and directories' do
    let(:params) { { user: 'ef', group: 'efg', config_dir: '/opt/ef/etc', tls_dir: '/opt/ef/tls', state_dir: '/opt/ef/state' } }

    it { is_expected.to contain_file('/opt/ef/etc').with(group: 'efg', mode: '0750') }
    it { is_expected.to contain_file('/opt/ef/tls').with(group: 'efg', mode: '0750') }
    it { is_expected.to contain_file('/opt/ef/tls/crl.pem').with(group: 'efg') }
    it { is_expected.to contain_group('efg').with_system(true) }
    it { is_expected.to contain_file('/opt/ef/state').with(owner: 'ef', group: 'efg') }
    it { is_expected.to contain_file('/opt/ef/tls/ca.pem').with(group: 'efg') }
    it { is_expected.to contain_user('ef').with(gid: 'efg') }
  end

  context 'with root_dir (a temporary root)' do
    let(:params) { { root_dir: '/tmp/r/', manage_package: false, manage_java: false, manage_user: false } }

    it { is_expected.to contain_file('/tmp/r/etc/entropy-fleet').with_mode('0750') }
    it { is_expected.to contain_file('/tmp/r/etc/entropy-fleet/tls').with_mode('0750') }
    it { is_expected.to contain_file('/tmp/r/var/lib/entropy-fleet').with_mode('0750') }
    it { is_expected.to contain_file('/tmp/r/etc/entropy-fleet/tls/crl.pem').with_source('/tmp/r/etc/entropy-fleet/puppet-pki/ca.crl') }
    it { is_expected.to contain_file('/tmp/r/etc/entropy-fleet/tls/ca.pem').with_source('/tmp/r/etc/entropy-fleet/puppet-pki/ca-bundle.pem') }
    it { is_expected.to contain_exec('entropy certs import-puppet').with_command(%r{ --dir /tmp/r/etc/entropy-fleet/puppet-pki && }) }
    it { is_expected.not_to contain_file('/etc/entropy-fleet') }
  end

  context 'with root_dir and manage_package' do
    let(:params) { { root_dir: '/tmp/r' } }

    it { is_expected.to compile.and_raise_error(%r{root_dir '/tmp/r' only works with manage_package, manage_java and manage_user set to false}) }
  end

  context 'with pki_mode files' do
    let(:params) { { pki_mode: 'files', ca_bundle: "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n", crl: "CRL\n" } }

    it { is_expected.to contain_file('/etc/entropy-fleet/tls/ca.pem').with_content(%r{BEGIN CERTIFICATE}) }
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/crl.pem').with_content("CRL\n") }
  end

  context 'with pki_mode files without a CRL' do
    let(:params) { { pki_mode: 'files', ca_bundle: 'CA' } }

    it { is_expected.not_to contain_file('/etc/entropy-fleet/tls/crl.pem') }
  end

  context 'with pki_mode files without ca_bundle' do
    let(:params) { { pki_mode: 'files' } }

    it { is_expected.to compile.and_raise_error(%r{pki_mode 'files' needs ca_bundle}) }
  end

  context 'with pki_mode suite' do
    let(:params) { { pki_mode: 'suite' } }

    it do
      is_expected.to contain_exec('entropy certs init-ca').with(
        command: '/usr/bin/entropy-certs init-ca --dir /etc/entropy-fleet/pki --cn entropy-fleet\\ CA',
        creates: '/etc/entropy-fleet/pki/ca/ca.crt',
        provider: 'shell',
      ).that_comes_before('Exec[entropy certs renew]')
    end
    it 'renews only what `certs list --expiring` reports' do
      is_expected.to contain_exec('entropy certs renew').with(
        command: '/usr/bin/entropy-certs renew --dir /etc/entropy-fleet/pki --within 30d',
        unless: '/usr/bin/entropy-certs list --dir /etc/entropy-fleet/pki --expiring 30d',
      ).that_comes_before('File[/etc/entropy-fleet/tls/ca.pem]')
    end
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/ca.pem').with_source('/etc/entropy-fleet/pki/ca-bundle.pem') }
    it 'republishes the CRLs only when `certs list --crl-expiring` sees one run out soon' do
      is_expected.to contain_exec('entropy certs crl').with(
        command: '/usr/bin/entropy-certs crl --dir /etc/entropy-fleet/pki --next-update 7d',
        unless: '/usr/bin/entropy-certs list --dir /etc/entropy-fleet/pki --crl-expiring 3d',
        provider: 'shell',
      ).that_requires('Exec[entropy certs renew]')
    end
    it { is_expected.to contain_file('/etc/entropy-fleet/tls/crl.pem').with_source('/etc/entropy-fleet/pki/ca.crl').that_requires('Exec[entropy certs crl]') }
  end

  context 'with pki_mode suite, an encrypted CA key, a custom tool and window' do
    let(:params) do
      { pki_mode: 'suite', pki_dir: '/srv/pki', ca_cn: 'Example', ca_passphrase_file: '/root/ca.pass',
        certs_command: 'java -jar /opt/certs.jar', renew_before: '60d', crl_next_update: '2d', crl_renew_before: '12h' }
    end

    it { is_expected.to contain_exec('entropy certs init-ca').with_command('java -jar /opt/certs.jar init-ca --dir /srv/pki --passphrase-file /root/ca.pass --cn Example') }
    it { is_expected.to contain_exec('entropy certs renew').with_command('java -jar /opt/certs.jar renew --dir /srv/pki --passphrase-file /root/ca.pass --within 60d') }
    # `certs list` takes no --passphrase-file: with it the check failed and renew ran on every run
    it { is_expected.to contain_exec('entropy certs renew').with_unless('java -jar /opt/certs.jar list --dir /srv/pki --expiring 60d') }
    it { is_expected.to contain_exec('entropy certs crl').with_command('java -jar /opt/certs.jar crl --dir /srv/pki --passphrase-file /root/ca.pass --next-update 2d') }
    it { is_expected.to contain_exec('entropy certs crl').with_unless('java -jar /opt/certs.jar list --dir /srv/pki --crl-expiring 12h') }
  end

  context 'with pki_mode suite without init_ca' do
    let(:params) { { pki_mode: 'suite', init_ca: false } }

    it { is_expected.not_to contain_exec('entropy certs init-ca') }
  end

  {
    pki_mode: 'stunnel',
    root_dir: 'relative/path',
    package_source: 'entropy.deb',
    apt_source: { 'location' => 'ftp://x', 'release' => 'r' },
    renew_before: '30 days',
    crl_next_update: '1m30s',
    crl_renew_before: '0',
    manage_user: 'yes',
    ssldir: 'C:/ssl',
  }.each do |param, value|
    context "with invalid #{param} #{value.inspect}" do
      let(:params) { { param => value } }

      it { is_expected.to compile.and_raise_error(%r{parameter '#{param}'}) }
    end
  end
end
