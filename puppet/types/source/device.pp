# @summary A character device (or FIFO) to read entropy from (e.g. `/dev/hwrng`).
type Entropy::Source::Device = Struct[{
    'type'                    => Enum['device'],
    'path'                    => Stdlib::Unixpath,
    Optional['name']          => String[1],
    Optional['min-entropy']   => Entropy::MinEntropy,
    Optional['stall-timeout'] => Entropy::Duration,
}]
