# @summary Where clients reach one entropy-fleet host: exported by `entropy::host`, collected by `entropy::client`.
#
# Data only, it manages nothing: `entropy::host` exports one per host (title: the host's
# certname) when `export` is on, and an `entropy::client` without explicit `hosts` collects them
# from PuppetDB and renders its `hosts` list from their parameters. A node deactivated in
# PuppetDB (`puppet node deactivate`) no longer exports its endpoint, so it leaves the clients'
# lists on their next run.
#
# @example A host outside Puppet's reach, exported by hand from some managed node
#   @@entropy::host_endpoint { 'rng9.example.net':
#     address   => '192.0.2.9',
#     port      => 7776,
#     cert_name => 'rng9.example.net',
#     zone      => 'dc2',
#   }
#
# @param address
#   What clients connect to: a DNS name or an IP address.
# @param port
#   The host-agent's mTLS EGD port.
# @param cert_name
#   The name the host's certificate carries (a DNS name or IP in its SAN); clients verify the
#   host against it, whatever `address` is.
# @param zone
#   The host's zone (e.g. a data centre): clients in the same zone put it first.
# @param weight
#   Relative share of clients that prefer this host, 1..10000 (a host of weight 200 is first for
#   twice as many clients as one of weight 100).
define entropy::host_endpoint (
  Stdlib::Host $address,
  Stdlib::Port $port,
  String[1] $cert_name,
  Optional[String[1]] $zone = undef,
  Integer[1, 10000] $weight = 100,
) {
}
