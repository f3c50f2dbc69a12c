# Mode `suite` end to end, without packages, users or services: the suite's own certs tool
# creates a CA and issues the host and client certificates, Puppet renders both agents'
# configs pointing at them. spec/acceptance/suite.sh applies it twice (the second run must
# change nothing) and feeds the configs to the agents' `check-config`.
#
#   FACTER_entropy_base=/tmp/x FACTER_entropy_certs='java -jar certs/target/certs.jar' \
#     puppet apply --modulepath spec/fixtures/modules examples/suite_pki.pp
$base = $facts['entropy_base']
# Free loopback ports chosen by the test.
$host_port = Integer($facts['entropy_host_port'])
$ports = [$facts['entropy_host_metrics'], $facts['entropy_local_egd'], $facts['entropy_client_metrics']]

class { 'entropy':
  manage_package        => false,
  manage_java           => false,
  manage_user           => false,
  user                  => 'daemon',
  group                 => 'daemon',
  # the local EGD socket's group and mode (explicit here; the module's defaults are
  # `entropy-egd`, created when manage_user is on, and 0660)
  local_egd_group       => 'daemon',
  local_egd_socket_mode => '0660',
  config_dir            => "${base}/etc",
  tls_dir               => "${base}/etc/tls",
  state_dir             => "${base}/state",
  unit_dir              => "${base}/units",
  pki_mode              => 'suite',
  pki_dir               => "${base}/pki",
  certs_command         => $facts['entropy_certs'],
  ca_cn                 => 'entropy-fleet test CA',
}
# Every parameter that reaches the config is set, so `check-config` sees every key we render.
class { 'entropy::host':
  manage_service        => false,
  certname              => 'localhost',
  san                   => ['localhost', 'IP:127.0.0.1'],
  listen_address        => '127.0.0.1',
  listen_port           => $host_port,
  sources               => [
    { 'type' => 'device', 'path' => '/dev/urandom', 'name' => 'urandom', 'min-entropy' => 1, 'stall-timeout' => '1m' },
    { 'type' => 'egd', 'endpoint' => '127.0.0.1:8888', 'min-entropy' => 7.5 },
    { 'type' => 'command', 'command' => ['/bin/cat', '/dev/urandom'], 'min-entropy' => 0.5 },
  ],
  allow                 => ['client-*'],
  metrics_listen        => "127.0.0.1:${ports[0]}",
  max_connections       => 100,
  pool_size             => '128KiB',
  quota                 => { 'bytes-per-second' => '4KiB', 'burst' => '64KiB' },
  timeouts              => { 'handshake' => '5s', 'partial-frame' => '10s', 'idle' => '10m', 'blocking-read' => '30s' },
  contributors          => ['builder-*'],
  local_egd             => "unix:${base}/host-egd.sock",
  local_egd_options     => { 'max-clients' => 16, 'max-clients-per-user' => 4, 'idle-timeout' => '0' },
  tls_protocols         => ['TLSv1.3', 'TLSv1.2'],
  tls_reload_interval   => '10s',
  tls_handshake_timeout => '5s',
}
class { 'entropy::client':
  manage_service       => false,
  certname             => 'client-vm1',
  hosts                => ["127.0.0.1:${host_port}", "localhost:${host_port}"],
  kernel_mode          => 'off',
  top_up_interval      => '1m',
  top_up_bytes         => 64,
  reseed               => true,
  low_watermark        => 1024,
  high_watermark       => 3072,
  poll_interval        => '1s',
  credit_bits_per_byte => 8,
  request_timeout      => '5s',
  failback_after       => '5m',
  local_egd            => "127.0.0.1:${ports[1]}",
  local_egd_options    => {
    'buffer-bytes' => 1024, 'max-clients' => 8, 'max-clients-per-user' => 2, 'idle-timeout' => '0', 'blocking-read-timeout' => '1m',
  },
  metrics_listen       => "127.0.0.1:${ports[2]}",
  use_crl              => true,
  tls_protocols        => ['TLSv1.3'],
}
