# @summary A character device to read entropy from (e.g. `/dev/hwrng`).
type Entropy::Source::Device = Struct[{
    'type'                => Enum['device'],
    'path'                => Stdlib::Unixpath,
    Optional['min-entropy'] => Entropy::MinEntropy,
}]
