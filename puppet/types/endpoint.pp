# @summary A network endpoint as the agents parse it.
#
# `HOST:PORT`, `[IPV6]:PORT` or `unix:/absolute/path`.
#
# @example
#   '0.0.0.0:7776', '[::1]:7776', 'rng1.example.net:7776', 'unix:/run/entropy-fleet/egd.sock'
type Entropy::Endpoint = Variant[
  Pattern[/\A[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])\z/],
  Pattern[/\A\[[0-9A-Fa-f:.]+\]:([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])\z/],
  Pattern[/\Aunix:\/[^\s\0]+\z/],
]
