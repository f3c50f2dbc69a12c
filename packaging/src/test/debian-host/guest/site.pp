# The acceptance guest's manifest: both roles on one node with the suite's own PKI (README: "the
# RNG server is also a client"). The package is already installed by dpkg; nothing is downloaded.
class { 'entropy':
  pki_mode => 'suite',
}
class { 'entropy::host':
  # The guest's virtio-rng-pci device.
  sources => [{ 'type' => 'device', 'path' => '/dev/hwrng', 'min-entropy' => 6 }],
  san     => ['localhost'],
}
class { 'entropy::client':
  hosts        => ['localhost:7776'],
  local_egd    => '127.0.0.1:7777',
  # An emulated guest starts a JVM in about a minute (a real machine in one second).
  seed_timeout => '3m',
}
