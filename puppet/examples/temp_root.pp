# Applies entropy::host and entropy::client into a temporary root, without packages, users or
# services: what spec/acceptance/apply.sh runs (twice, the second run must change nothing).
#
#   FACTER_entropy_root=/tmp/root FACTER_entropy_ssldir=/tmp/ssl FACTER_entropy_certs='java -jar certs.jar' \
#     puppet apply --modulepath spec/fixtures/modules examples/temp_root.pp
class { 'entropy':
  root_dir              => $facts['entropy_root'],
  manage_package        => false,
  manage_java           => false,
  manage_user           => false,
  user                  => 'daemon',
  group                 => 'daemon',
  local_egd_group       => 'daemon',   # the sockets' group (no users are created here)
  local_egd_socket_mode => '0660',
  pki_mode              => 'puppet',
  ssldir                => $facts['entropy_ssldir'],
  certs_command         => $facts['entropy_certs'],
  certname              => 'node1.example.net',
}
class { 'entropy::host':
  manage_service       => false,
  sources              => [
    { 'type' => 'device', 'path' => '/dev/hwrng', 'min-entropy' => 6 },
    { 'type' => 'egd', 'endpoint' => '127.0.0.1:8888', 'min-entropy' => 7 },
    { 'type' => 'command', 'command' => ['/usr/bin/head', '-c', '64', '/dev/hwrng'], 'min-entropy' => 6 },
  ],
  allow                => ['*.example.net'],
  supplementary_groups => ['dialout'],
}
class { 'entropy::client':
  manage_service => false,
  hosts          => ['127.0.0.1:7776'],
  local_egd      => 'unix:/var/lib/entropy-fleet/egd.sock',
}
