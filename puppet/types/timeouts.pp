# @summary Timeouts of a host-agent's EGD server (agent defaults for keys left out).
#
# @example
#   { 'handshake' => '10s', 'partial-frame' => '30s', 'idle' => '10m', 'blocking-read' => '30s' }
type Entropy::Timeouts = Struct[{
    Optional['handshake']     => Entropy::Duration,
    Optional['partial-frame'] => Entropy::Duration,
    Optional['idle']          => Entropy::Duration,
    Optional['blocking-read'] => Entropy::Duration,
}]
