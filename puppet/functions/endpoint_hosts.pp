# @summary The client-agent `hosts` list for one client from the endpoints it collected.
#
# Endpoints in the client's `zone` come first, the rest after; within each group the order is the
# client's own weighted rendezvous order (`entropy::rendezvous_order` on its certname), so clients
# spread over the hosts by weight instead of all preferring the same one. At most 16 entries (the
# client-agent's limit). An endpoint whose `cert_name` differs from its address renders as
# `{address, name}`, which the client-agent verifies against the name.
#
# @param endpoints
#   Endpoints as `entropy::collected_endpoints` returns them.
# @param client
#   The client's certname: the key of its order.
# @param zone
#   The client's zone; undef: no zone comes first.
# @return [Array[Entropy::HostEntry]] the hosts list, most preferred first.
#
# @example
#   entropy::endpoint_hosts([{ 'id' => 'rng1', 'address' => '192.0.2.1', 'port' => 7776,
#     'cert_name' => 'rng1', 'weight' => 100 }], 'vm1.example.net', undef)
#   # => [{ 'address' => '192.0.2.1:7776', 'name' => 'rng1' }]
function entropy::endpoint_hosts(
  Array[Hash[String[1], Data]] $endpoints,
  String[1] $client,
  Optional[String[1]] $zone,
) >> Array[Entropy::HostEntry] {
  $by_id = $endpoints.reduce({}) |$m, $e| { $m + { $e['id'] => $e } }
  $near = $endpoints.filter |$e| { $zone =~ NotUndef and $e['zone'] == $zone }
  $far = $endpoints.filter |$e| { !($e in $near) }
  $ordered = [$near, $far].map |$group| {
    entropy::rendezvous_order($client, $group.reduce({}) |$m, $e| { $m + { $e['id'] => $e['weight'] } })
  }.flatten
  $ordered[0, 16].map |$id| {
    $e = $by_id[$id]
    $address = $e['address'] ? {
      Stdlib::IP::Address::V6 => "[${e['address']}]:${e['port']}",
      default                 => "${e['address']}:${e['port']}",
    }
    $e['cert_name'] == $e['address'] ? {
      true    => $address,
      default => { 'address' => $address, 'name' => $e['cert_name'] },
    }
  }
}
