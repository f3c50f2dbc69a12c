# @summary Tuning of client-agent's local EGD endpoint (agent defaults for keys left out).
#
# The socket's group and mode come from `entropy::local_egd_group` and
# `entropy::local_egd_socket_mode`, so they are not options here.
#
# @example
#   { 'buffer-bytes' => 1024, 'max-clients' => 64, 'max-clients-per-user' => 16, 'idle-timeout' => '0' }
type Entropy::LocalEgdOptions = Struct[{
    Optional['buffer-bytes']          => Integer[510, 65536],
    Optional['max-clients']           => Integer[1, 4096],
    Optional['max-clients-per-user']  => Integer[1, 4096],
    Optional['idle-timeout']          => Entropy::Duration,
    Optional['blocking-read-timeout'] => Entropy::Duration,
}]
