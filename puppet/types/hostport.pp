# @summary A TCP endpoint: `HOST:PORT` or `[IPV6]:PORT` (an entropy-fleet host to connect to).
#
# @example
#   'rng1.example.net:7776', '192.0.2.1:7776', '[2001:db8::1]:7776'
type Entropy::HostPort = Pattern[
  /\A[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])\z/,
  /\A\[[0-9A-Fa-f:.]+\]:([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])\z/,
]
