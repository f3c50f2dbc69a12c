# @summary A hardware-RNG host: renders the host-agent config, places its certificate and runs it.
#
# Writes `${entropy::config_dir}/host-agent.yaml` and a hardened systemd unit
# `entropy-host-agent.service` whose device allowlist contains exactly the configured `device`
# sources. A config or unit change restarts the service (when `manage_service`); certificate,
# key, CA or CRL changes do not — host-agent reloads those itself.
#
# @example The original deployment's host (ekeyd serving EGD on 127.0.0.1:8888, its default port, as stunnel's backend)
#   class { 'entropy::host':
#     sources => [
#       { 'type' => 'device', 'path' => '/dev/hwrng', 'min-entropy' => 6 },
#       { 'type' => 'egd', 'endpoint' => '127.0.0.1:8888', 'min-entropy' => 7 },
#     ],
#     allow   => ['*.vm.example.net'],
#   }
#
# @param listen_address
#   Address to accept mTLS EGD connections on.
# @param listen_port
#   Port to accept mTLS EGD connections on (7776, as stunnel did in the original deployment).
# @param sources
#   Entropy sources, see `Entropy::Source`. Device sources are the only devices the unit may open.
# @param allow
#   Client certificate name globs (CN or any SAN) allowed to connect.
# @param metrics_listen
#   Prometheus/JSON metrics and /healthz endpoint (loopback or unix socket); undef leaves the agent's default (127.0.0.1:9776).
# @param max_connections
#   Maximum concurrent client connections (agent default 16384 when undef; the unit's LimitNOFILE=65536
#   covers up to ~60,000).
# @param pool_size
#   Size of the conditioned entropy pool (agent default 64KiB when undef).
# @param quota
#   Per-client token bucket, see `Entropy::Quota` (no quota when undef).
# @param timeouts
#   EGD server timeouts, see `Entropy::Timeouts` (agent defaults when undef).
# @param contributors
#   Client certificate globs allowed to contribute entropy (EGD command 0x03); empty: nobody.
# @param local_egd
#   Also serve plaintext EGD on this machine (loopback or unix socket only); undef: off. A unix
#   socket (e.g. `unix:/run/entropy-fleet/host-egd.sock`) gets `entropy::local_egd_group` and
#   `entropy::local_egd_socket_mode`.
# @param local_egd_options
#   Limits of the local listener, its own apart from `max_connections`, see
#   `Entropy::HostLocalEgdOptions` (agent defaults: 64 clients, 16 per user on TCP, never idle out).
# @param tls_protocols
#   Accepted TLS versions (agent default: TLSv1.3 only).
# @param tls_reload_interval
#   How often the agent checks certificate/CA/CRL files for changes.
# @param tls_handshake_timeout
#   TLS handshake timeout.
# @param extra_config
#   Further top-level keys merged into the config (for agent options this class has no parameter for).
# @param export
#   Export this host's `entropy::host_endpoint` (title: its certname) for `entropy::client`s that find
#   their hosts. Defaults to whether storeconfigs (PuppetDB) is on.
# @param export_address
#   Address clients connect to; undef: `listen_address` unless it is a wildcard, else the
#   `networking.ip` fact (else the FQDN). The clients verify the certificate name either way.
# @param zone
#   Zone of the exported endpoint (clients in it prefer this host).
# @param weight
#   Weight of the exported endpoint, 1..10000: its share of the clients that prefer it.
# @param certname
#   Certificate name (mode `puppet`: Puppet certname; mode `suite`: name to issue). Defaults to `entropy::certname`.
# @param san
#   Subject alternative names for mode `suite` (DNS names or IPs clients connect to).
# @param cert
#   PEM certificate (mode `files`).
# @param key
#   PEM private key (mode `files`), Sensitive (module data converts Hiera strings).
# @param supplementary_groups
#   Extra groups the service runs with, to read device sources not covered by the package's
#   udev rule (which gives group entropy-fleet `/dev/hwrng`), e.g. `dialout` for an
#   EntropyKey's `/dev/ttyACM0`.
# @param jvm_opts
#   JVM options for the service (`JVM_OPTS`), after any defaults the package ships
#   (`/usr/share/entropy-fleet/host-agent.jvm.options`), so they win. No quotes, backslashes,
#   `%` or `$` (they would be interpreted by systemd).
# @param manage_service
#   Whether to manage the systemd unit's service (needs systemd as PID 1).
# @param service_ensure
#   Service state when managed.
# @param service_enable
#   Whether the service starts at boot when managed.
class entropy::host (
  Stdlib::Host $listen_address,
  Stdlib::Port $listen_port,
  Array[Entropy::Source, 1] $sources,
  Array[String[1], 1] $allow,
  Optional[Entropy::LocalEndpoint] $metrics_listen,
  Optional[Integer[1, 1000000]] $max_connections,
  Optional[Entropy::DataSize] $pool_size,
  Optional[Entropy::Quota] $quota,
  Optional[Entropy::Timeouts] $timeouts,
  Array[String[1]] $contributors,
  Optional[Entropy::LocalEndpoint] $local_egd,
  Optional[Entropy::HostLocalEgdOptions] $local_egd_options,
  Optional[Array[Entropy::TlsProtocol, 1]] $tls_protocols,
  Optional[Entropy::Duration] $tls_reload_interval,
  Optional[Entropy::Duration] $tls_handshake_timeout,
  Hash[String[1], Data] $extra_config,
  Array[String[1]] $supplementary_groups,
  Pattern[/\A[^"\\\n%$]*\z/] $jvm_opts,
  Boolean $manage_service,
  Stdlib::Ensure::Service $service_ensure,
  Boolean $service_enable,
  Array[String[1]] $san,
  Optional[Stdlib::Host] $export_address,
  Optional[String[1]] $zone,
  Integer[1, 10000] $weight,
  Boolean $export = $settings::storeconfigs,
  Optional[String[1]] $certname = undef,
  Optional[String[1]] $cert = undef,
  Optional[Sensitive[String[1]]] $key = undef,
) {
  include entropy

  if $manage_service and $entropy::root_dir != '/' {
    fail("entropy::host: manage_service needs root_dir '/' (got '${entropy::root_dir}')")
  }

  $_certname = pick($certname, $entropy::certname)
  $root = $entropy::root_dir
  $tls_dir = $entropy::tls_dir
  $config_path = "${entropy::config_dir}/host-agent.yaml"

  # Only after the package (the certs tool in mode suite), not after all of class entropy: in mode
  # suite the identity's `certs issue` must run before entropy's `certs renew`.
  entropy::tls_identity { 'host':
    kind     => 'host',
    pki_mode => $entropy::pki_mode,
    certname => $_certname,
    cert     => $cert,
    key      => $key,
    san      => $san,
    require  => Class['entropy::install'],
  }

  $listen = $listen_address ? {
    Stdlib::IP::Address::V6 => "[${listen_address}]:${listen_port}",
    default                 => "${listen_address}:${listen_port}",
  }
  $tls = {
    'cert'              => "${tls_dir}/host.crt",
    'key'               => "${tls_dir}/host.key",
    'ca'                => $entropy::ca_path,
    'crl'               => $entropy::crl_path,
    'allow'             => $allow,
    'protocols'         => $tls_protocols,
    'reload-interval'   => $tls_reload_interval,
    'handshake-timeout' => $tls_handshake_timeout,
  }.filter |$k, $v| { $v =~ NotUndef }
  $config = ({
      'listen'          => $listen,
      'tls'             => $tls,
      'sources'         => $sources,
      'metrics'         => $metrics_listen ? { undef => undef, default => { 'listen' => $metrics_listen } },
      'max-connections' => $max_connections,
      'pool-size'       => $pool_size,
      'quota'           => $quota,
      'timeouts'        => $timeouts,
      'contributors'    => $contributors.empty ? { true => undef, default => $contributors },
      'local-egd'       => entropy::local_egd_block($local_egd, $local_egd_options),
  } + $extra_config).filter |$k, $v| { $v =~ NotUndef }

  file { entropy::rooted($root, $config_path):
    ensure  => file,
    owner   => 'root',
    group   => $entropy::group,
    mode    => '0640',
    content => epp('entropy/agent.yaml.epp', { 'agent' => 'host-agent', 'config' => $config }),
    require => Class['entropy'],
  }

  $devices = $sources.filter |$s| { $s['type'] == 'device' }.map |$s| { $s['path'] }.unique
  $rw_paths = entropy::socket_dirs([$local_egd, $metrics_listen])
  file { entropy::rooted($root, "${entropy::unit_dir}/entropy-host-agent.service"):
    ensure  => file,
    owner   => 'root',
    group   => 'root',
    mode    => '0644',
    content => epp('entropy/entropy-host-agent.service.epp', {
        'user'     => $entropy::user,
        'group'    => $entropy::group,
        'config'   => $config_path,
        'jvm_opts' => $jvm_opts,
        'devices'  => $devices,
        'bind_low' => $listen_port < 1024,
        'groups'   => $supplementary_groups,
        'rw_paths' => $rw_paths,
    }),
    require => Class['entropy'],
  }

  if $manage_service {
    service { 'entropy-host-agent':
      ensure    => $service_ensure,
      enable    => $service_enable,
      provider  => 'systemd',
      subscribe => [
        File[entropy::rooted($root, $config_path)],
        File[entropy::rooted($root, "${entropy::unit_dir}/entropy-host-agent.service")],
      ],
      require   => Entropy::Tls_identity['host'],
    }
  }

  if $export {
    # a wildcard is no address to connect to
    $specific = $listen_address ? { /\A(0\.0\.0\.0|[:0]+)\z/ => undef, default => $listen_address }
    @@entropy::host_endpoint { $_certname:
      address   => pick($export_address, $specific, $facts.dig('networking', 'ip'), $facts.dig('networking', 'fqdn'), $_certname),
      port      => $listen_port,
      cert_name => $_certname,
      zone      => $zone,
      weight    => $weight,
    }
  }
}
