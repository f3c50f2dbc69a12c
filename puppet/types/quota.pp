# @summary Per-client token bucket of a host-agent.
#
# @example
#   { 'bytes-per-second' => '4KiB', 'burst' => '64KiB' }
type Entropy::Quota = Struct[{
    'bytes-per-second' => Entropy::DataSize,
    Optional['burst']  => Entropy::DataSize,
}]
