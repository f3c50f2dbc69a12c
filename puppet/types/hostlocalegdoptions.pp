# @summary Limits of host-agent's local EGD listener (agent defaults for keys left out).
#
# They are the listener's own, apart from the TLS listener's `max_connections`.
# `max-clients-per-user` applies to a TCP listener only (a unix socket is guarded by its group).
#
# @example
#   { 'max-clients' => 64, 'max-clients-per-user' => 16, 'idle-timeout' => '0' }
type Entropy::HostLocalEgdOptions = Struct[{
    Optional['max-clients']          => Integer[1, 4096],
    Optional['max-clients-per-user'] => Integer[1, 4096],
    Optional['idle-timeout']         => Entropy::Duration,
}]
