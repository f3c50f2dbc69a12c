# @summary A size as the agents parse it: bytes, or with a unit.
#
# @example
#   '4096', '64KiB', '1MiB', '1MB'
type Entropy::DataSize = Pattern[/\A\d{1,15}(B|KiB|MiB|GiB|kB|KB|MB|GB)?\z/]
