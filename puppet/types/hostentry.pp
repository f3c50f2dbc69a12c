# @summary One entry of the client-agent's `hosts`: `HOST:PORT`, or the address to connect to plus the name the host's certificate carries.
#
# @example
#   'rng1.example.net:7776'
#   { 'address' => '192.0.2.10:7776', 'name' => 'rng1.example.net' }
type Entropy::HostEntry = Variant[
  Entropy::HostPort,
  Struct[{ 'address' => Entropy::HostPort, 'name' => String[1] }],
]
