# @summary A size as the agents parse it: bytes, or with a binary unit.
#
# @example
#   '4096', '64KiB', '1MiB'
type Entropy::DataSize = Pattern[/\A\d+(B|KiB|MiB|GiB)?\z/]
