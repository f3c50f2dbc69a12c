# @summary A network endpoint as the agents parse it: `HOST:PORT`, `[IPV6]:PORT` or `unix:/absolute/path`.
#
# @example
#   '0.0.0.0:7776', '[::1]:7776', 'rng1.example.net:7776', 'unix:/run/entropy-fleet/egd.sock'
type Entropy::Endpoint = Variant[
  Entropy::HostPort,
  Pattern[/\Aunix:\/[^\s\0]+\z/],
]
