# @summary One entropy source of a host-agent.
#
# The keys are exactly the host-agent's YAML keys, so a source passes through unchanged.
#
# @example A hardware RNG device
#   { 'type' => 'device', 'path' => '/dev/hwrng', 'min-entropy' => 6 }
# @example An EGD server (ekeyd, or another host-agent over TLS)
#   { 'type' => 'egd', 'endpoint' => '127.0.0.1:8888', 'min-entropy' => 7 }
# @example A command printing random bytes on stdout
#   { 'type' => 'command', 'command' => ['/usr/bin/rdrand-gen', '--raw'], 'min-entropy' => 4 }
type Entropy::Source = Variant[
  Entropy::Source::Device,
  Entropy::Source::Egd,
  Entropy::Source::Command,
]
