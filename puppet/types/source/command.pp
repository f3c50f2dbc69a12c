# @summary A command (argv, no shell) whose stdout is random bytes.
type Entropy::Source::Command = Struct[{
    'type'                    => Enum['command'],
    'command'                 => Array[String[1], 1, 256],
    Optional['name']          => String[1],
    Optional['min-entropy']   => Entropy::MinEntropy,
    Optional['stall-timeout'] => Entropy::Duration,
}]
