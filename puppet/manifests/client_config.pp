# @summary Writes client-agent.yaml, with the hosts list given or found (private, used by `entropy::client`).
#
# A defined type because the compiler evaluates it after the catalogue's collections: only then
# are the exported `entropy::host_endpoint` resources there to be read back.
#
# @api private
#
# @param config
#   The client-agent configuration without `hosts`.
# @param hosts
#   Explicit hosts list; undef: rendered from the collected `entropy::host_endpoint` resources.
# @param client
#   The client's certname, the key of its rendezvous order.
# @param zone
#   The client's zone: endpoints in it come first.
# @param zones
#   Only endpoints in these zones count; undef: all.
# @param group
#   Group of the file (the agent's).
define entropy::client_config (
  Hash[String[1], Data] $config,
  Optional[Array[Entropy::HostEntry, 1, 16]] $hosts,
  String[1] $client,
  Optional[String[1]] $zone,
  Optional[Array[String[1], 1]] $zones,
  String[1] $group,
) {
  assert_private()

  $_hosts = $hosts.lest || {
    $found = entropy::collected_endpoints().filter |$e| { $zones =~ Undef or $e['zone'] in $zones }
    if $found.empty {
      $where = $zones ? { undef => '', default => " in zones ${join($zones, ', ')}" }
      fail(@("MSG"/L))
        entropy::client: no entropy::host_endpoint found${where} (exported by entropy::host with \
        export => true through PuppetDB; none without storeconfigs, e.g. with masterless puppet apply): \
        set entropy::client::hosts
        |-MSG
    }
    entropy::endpoint_hosts($found, $client, $zone)
  }

  file { $title:
    ensure  => file,
    owner   => 'root',
    group   => $group,
    mode    => '0640',
    content => epp('entropy/agent.yaml.epp', { 'agent' => 'client-agent', 'config' => { 'hosts' => $_hosts } + $config }),
    require => Class['entropy'],
  }
}
