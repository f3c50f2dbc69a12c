# @summary Tuning of client-agent's local EGD endpoint (agent defaults for keys left out).
type Entropy::LocalEgdOptions = Struct[{
    Optional['buffer-bytes']          => Integer[510, 65536],
    Optional['max-clients']           => Integer[1, 4096],
    Optional['idle-timeout']          => Entropy::Duration,
    Optional['blocking-read-timeout'] => Entropy::Duration,
}]
