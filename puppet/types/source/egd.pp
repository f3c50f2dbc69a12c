# @summary An EGD server to pull entropy from (ekeyd, or an upstream host-agent with `tls`).
type Entropy::Source::Egd = Struct[{
    'type'                    => Enum['egd'],
    'endpoint'                => Entropy::Endpoint,
    Optional['tls']           => Entropy::UpstreamTls,
    Optional['name']          => String[1],
    Optional['min-entropy']   => Entropy::MinEntropy,
    Optional['stall-timeout'] => Entropy::Duration,
}]
