# @summary Permission bits of a unix socket, octal (connecting needs write permission).
#
# @example
#   '0660'
type Entropy::SocketMode = Pattern[/\A0?[0-7]{3}\z/]
