# @summary TLS settings for an `egd` source that is itself an upstream host-agent.
type Entropy::UpstreamTls = Struct[{
    'cert'                => Stdlib::Unixpath,
    'key'                 => Stdlib::Unixpath,
    'ca'                  => Stdlib::Unixpath,
    Optional['crl']       => Stdlib::Unixpath,
    Optional['protocols'] => Array[Entropy::TlsProtocol, 1],
}]
