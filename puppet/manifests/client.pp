# @summary A VM or server fed by entropy-fleet hosts: client-agent config, certificate and services.
#
# Writes `${entropy::config_dir}/client-agent.yaml`, the hardened unit
# `entropy-client-agent.service` (only capability: CAP_SYS_ADMIN, to credit the kernel) and,
# with `seed_service`, `entropy-client-seed.service`, a oneshot that seeds the kernel once early
# at boot. A config or unit change restarts the agent (when `manage_service`); certificate, key
# and CA changes do not — client-agent reloads those itself.
#
# With `mode => 'timer'` no daemon runs (zero resident memory): `entropy-client-seed.timer` runs
# `client-agent seed` at boot and every `timer_interval` (plus up to `timer_randomized_delay`, so a
# fleet does not ask its hosts in step). Each run records what it did in the state directory
# (`client-agent status --seed`) and, with `metrics.textfile-dir`, for node_exporter. The trade-offs:
# no local EGD endpoint, no failover or top-up between runs, and the kernel is fed only at the runs.
#
# @example Timer mode on a small VM with a modern kernel
#   class { 'entropy::client':
#     hosts          => ['rng1.example.net:7776', 'rng2.example.net:7776'],
#     mode           => 'timer',
#     timer_interval => '1h',
#   }
#
# @example Replace stunnel + egd-linux on a VM
#   class { 'entropy::client':
#     hosts     => ['rng1.example.net:7776', 'rng2.example.net:7776'],
#     local_egd => 'unix:/run/entropy-fleet/egd.sock',   # group entropy::local_egd_group, mode 0660
#   }
#
# @example Hosts found automatically (PuppetDB): hosts in zone dc1 first, each client its own order
#   class { 'entropy::client':
#     zone => 'dc1',
#   }
#
# @param hosts
#   host-agents to draw from, in order of preference: `HOST:PORT`, or `{ address => 'HOST:PORT',
#   name => CERTIFICATE_NAME }` when the certificate does not carry the address. Undef: the hosts
#   are found, i.e. the `entropy::host_endpoint` resources that `entropy::host` exports are collected
#   from PuppetDB; compilation fails when there are none (as without PuppetDB, e.g. with
#   masterless `puppet apply`).
# @param zone
#   This client's zone, for found hosts: endpoints of the same zone come first. Within a zone the
#   order is this client's own (weighted rendezvous hashing on its certname, see
#   `entropy::rendezvous_order`), so clients spread over the hosts by their `weight`.
# @param zones
#   Only found hosts in these zones are used; undef: hosts of every zone (and of none).
# @param mode
#   `daemon`: the resident client-agent service; `timer`: no daemon, `client-agent seed` from a systemd
#   timer (needs `seed_service`; `local_egd` is not served).
# @param timer_interval
#   Mode `timer`: time between seeds (the timer's `OnUnitActiveSec`).
# @param timer_randomized_delay
#   Mode `timer`: each run waits a random time up to this (`RandomizedDelaySec`).
# @param kernel_mode
#   How to feed the kernel, see `Entropy::KernelMode`.
# @param top_up_interval
#   How often to top up / reseed the kernel once its RNG is initialised (agent default when undef).
# @param top_up_bytes
#   Bytes per top-up in mode `modern` (agent default 64).
# @param reseed
#   In mode `modern`, ask the kernel to reseed its CRNG after each top-up (RNDRESEEDCRNG).
# @param low_watermark
#   Mode `watermark`: refill when `entropy_avail` (bits) falls below this (agent default 1024,
#   as egd-linux's watermark in the original deployment).
# @param high_watermark
#   Mode `watermark`: refill up to this many bits (agent default 3072).
# @param poll_interval
#   Mode `watermark`: how often `entropy_avail` is read.
# @param credit_bits_per_byte
#   Entropy credited to the kernel per received byte, 0..8 (agent default 8: hosts serve
#   conditioned full-entropy bytes).
# @param request_timeout
#   A request unanswered this long marks a host slow and fails over (agent default 5s).
# @param failback_after
#   Time on a fallback host before the preferred host is tried again (agent default 5m).
# @param local_egd
#   Serve EGD locally on this endpoint: preferably `unix:/run/entropy-fleet/egd.sock`, which only
#   the members of `entropy::local_egd_group` may use (its `socket-group`, with
#   `entropy::local_egd_socket_mode`); `127.0.0.1:7777` (as egd-linux/stunnel did) for peers that
#   only speak TCP, such as ekeyd-egd-linux, where any local user may connect but each user holds
#   at most `max-clients-per-user` connections. Loopback only; undef disables it.
# @param local_egd_options
#   Tuning of the local EGD endpoint, see `Entropy::LocalEgdOptions`.
# @param metrics_listen
#   Metrics and /healthz endpoint (loopback or unix socket); undef leaves the agent's default (127.0.0.1:9777).
# @param use_crl
#   Also check the hosts' certificates against `entropy`'s CRL.
# @param tls_protocols
#   Accepted TLS versions (agent default: TLSv1.3 only).
# @param extra_config
#   Further top-level keys merged into the config.
# @param certname
#   Certificate name (mode `puppet`: Puppet certname; mode `suite`: name to issue). Defaults to
#   `entropy::certname`, in mode `suite` to `client-` followed by it, so a node with both roles gets
#   a client certificate next to its host certificate (whose name is `entropy::certname`).
# @param cert
#   PEM certificate (mode `files`).
# @param key
#   PEM private key (mode `files`), Sensitive.
# @param jvm_opts
#   Extra JVM options for the services (`JVM_OPTS`), after the package's measured defaults
#   (`/usr/share/entropy-fleet/client-agent.jvm.options`), so they win. Empty by default. No
#   quotes, backslashes, `%` or `$` (they would be interpreted by systemd).
# @param seed_service
#   Whether to install (and, when managed, enable) the early-boot seed unit.
# @param seed_bytes
#   Bytes the seed unit asks for.
# @param seed_before
#   Units the seed unit runs before.
# @param seed_timeout
#   The seed gives up after this long (`seed --timeout`; boot must not hang on an unreachable
#   host); systemd's start timeout is 15s longer.
# @param manage_service
#   Whether to manage the services (needs systemd as PID 1).
# @param service_ensure
#   Agent service state when managed.
# @param service_enable
#   Whether the agent (and seed unit) start at boot when managed.
class entropy::client (
  Optional[Array[Entropy::HostEntry, 1, 16]] $hosts,
  Optional[String[1]] $zone,
  Optional[Array[String[1], 1]] $zones,
  Enum['daemon', 'timer'] $mode,
  Entropy::Duration $timer_interval,
  Entropy::Duration $timer_randomized_delay,
  Entropy::KernelMode $kernel_mode,
  Optional[Entropy::Duration] $top_up_interval,
  Optional[Integer[1, 4096]] $top_up_bytes,
  Optional[Boolean] $reseed,
  Optional[Integer[0, 65536]] $low_watermark,
  Optional[Integer[0, 65536]] $high_watermark,
  Optional[Entropy::Duration] $poll_interval,
  Optional[Integer[0, 8]] $credit_bits_per_byte,
  Optional[Entropy::Duration] $request_timeout,
  Optional[Entropy::Duration] $failback_after,
  Optional[Entropy::LocalEndpoint] $local_egd,
  Optional[Entropy::LocalEgdOptions] $local_egd_options,
  Optional[Entropy::LocalEndpoint] $metrics_listen,
  Boolean $use_crl,
  Optional[Array[Entropy::TlsProtocol, 1]] $tls_protocols,
  Hash[String[1], Data] $extra_config,
  Pattern[/\A[^"\\\n%$]*\z/] $jvm_opts,
  Boolean $seed_service,
  Integer[1, 4096] $seed_bytes,
  Array[String[1]] $seed_before,
  Entropy::Duration $seed_timeout,
  Boolean $manage_service,
  Stdlib::Ensure::Service $service_ensure,
  Boolean $service_enable,
  Optional[String[1]] $certname = undef,
  Optional[String[1]] $cert = undef,
  Optional[Sensitive[String[1]]] $key = undef,
) {
  include entropy

  if $manage_service and $entropy::root_dir != '/' {
    fail("entropy::client: manage_service needs root_dir '/' (got '${entropy::root_dir}')")
  }
  if $low_watermark and $high_watermark and $high_watermark < $low_watermark {
    fail("entropy::client: high_watermark (${high_watermark}) must be >= low_watermark (${low_watermark})")
  }
  if $mode == 'timer' and !$seed_service {
    fail('entropy::client: mode timer runs the seed unit from a timer: it needs seed_service => true')
  }
  if $mode == 'timer' and $local_egd {
    fail('entropy::client: mode timer has no daemon to serve local_egd')
  }
  if $use_crl and $entropy::crl_path =~ Undef {
    fail('entropy::client: use_crl needs a CRL from class entropy (use_crl => true, and crl in pki_mode files)')
  }

  # Mode suite issues one certificate per role: an RNG host that is also its own client holds
  # NAME (host, serverAuth) and client-NAME (client, clientAuth), two files under issued/. Modes
  # puppet and files use the one certificate they are given (Puppet's carries both EKUs).
  $_certname = pick($certname, $entropy::pki_mode ? {
      'suite' => "client-${entropy::certname}",
      default => $entropy::certname,
  })
  $root = $entropy::root_dir
  $tls_dir = $entropy::tls_dir
  $config_path = "${entropy::config_dir}/client-agent.yaml"
  $unit_path = entropy::rooted($root, "${entropy::unit_dir}/entropy-client-agent.service")
  $seed_unit_path = entropy::rooted($root, "${entropy::unit_dir}/entropy-client-seed.service")
  $timer_unit_path = entropy::rooted($root, "${entropy::unit_dir}/entropy-client-seed.timer")

  # Only after the package (the certs tool in mode suite), not after all of class entropy: in mode
  # suite the identity's `certs issue` must run before entropy's `certs renew`.
  entropy::tls_identity { 'client':
    kind     => 'client',
    pki_mode => $entropy::pki_mode,
    certname => $_certname,
    cert     => $cert,
    key      => $key,
    require  => Class['entropy::install'],
  }

  $tls = {
    'cert'      => "${tls_dir}/client.crt",
    'key'       => "${tls_dir}/client.key",
    'ca'        => $entropy::ca_path,
    'crl'       => $use_crl ? { true => $entropy::crl_path, default => undef },
    'protocols' => $tls_protocols,
  }.filter |$k, $v| { $v =~ NotUndef }
  $kernel = {
    'mode'                 => $kernel_mode,
    'top-up-interval'      => $top_up_interval,
    'top-up-bytes'         => $top_up_bytes,
    'reseed'               => $reseed,
    'low-watermark'        => $low_watermark,
    'high-watermark'       => $high_watermark,
    'poll-interval'        => $poll_interval,
    'credit-bits-per-byte' => $credit_bits_per_byte,
  }.filter |$k, $v| { $v =~ NotUndef }
  $local_egd_block = entropy::local_egd_block($local_egd, $local_egd_options)
  $config = ({
      'tls'             => $tls,
      'kernel'          => $kernel,
      'local-egd'       => $local_egd_block,
      'metrics'         => $metrics_listen ? { undef => undef, default => { 'listen' => $metrics_listen } },
      'request-timeout' => $request_timeout,
      'failback-after'  => $failback_after,
  } + $extra_config).filter |$k, $v| { $v =~ NotUndef }

  if $hosts =~ Undef {
    # Realised here, read back by entropy::client_config.
    Entropy::Host_endpoint <<| |>>
  }
  entropy::client_config { entropy::rooted($root, $config_path):
    config => $config,
    hosts  => $hosts,
    client => $trusted['certname'],
    zone   => $zone,
    zones  => $zones,
    group  => $entropy::group,
  }

  $unit_params = {
    'user'     => $entropy::user,
    'group'    => $entropy::group,
    'config'   => $config_path,
    'jvm_opts' => $jvm_opts,
    'rw_paths' => entropy::socket_dirs([$local_egd, $metrics_listen]),
  }
  file { $unit_path:
    ensure  => file,
    owner   => 'root',
    group   => 'root',
    mode    => '0644',
    content => epp('entropy/entropy-client-agent.service.epp', $unit_params),
    require => Class['entropy'],
  }

  if $seed_service {
    file { $seed_unit_path:
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0644',
      # The seed only fetches: no sockets to create, so no writable paths.
      content => epp('entropy/entropy-client-seed.service.epp', ($unit_params - 'rw_paths') + {
          'bytes'   => $seed_bytes,
          'before'  => $seed_before,
          'timeout' => $seed_timeout,
          'timer'   => $mode == 'timer',
      }),
      require => Class['entropy'],
    }
  } else {
    file { $seed_unit_path:
      ensure => absent,
    }
  }

  if $mode == 'timer' {
    file { $timer_unit_path:
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0644',
      content => epp('entropy/entropy-client-seed.timer.epp', {
          'interval'         => $timer_interval,
          'randomized_delay' => $timer_randomized_delay,
      }),
      require => Class['entropy'],
    }
  } else {
    file { $timer_unit_path:
      ensure => absent,
    }
  }

  if $manage_service {
    # Timer mode: no resident daemon; the timer starts the seed unit.
    $daemon_ensure = $mode ? { 'timer' => 'stopped', default => $service_ensure }
    $timer_ensure = $mode ? { 'timer' => $service_ensure, default => 'stopped' }
    service { 'entropy-client-agent':
      ensure    => $daemon_ensure,
      enable    => $mode == 'daemon' and $service_enable,
      provider  => 'systemd',
      subscribe => [File[entropy::rooted($root, $config_path)], File[$unit_path]],
      require   => Entropy::Tls_identity['client'],
    }
    # Runs at boot only; enabling it is all Puppet does (no start during a Puppet run). When the
    # unit goes away, disable it first, while systemd still knows it.
    service { 'entropy-client-seed':
      enable   => $seed_service and $service_enable,
      provider => 'systemd',
      before   => Service['entropy-client-agent'],
    }
    if $seed_service {
      File[$seed_unit_path] -> Service['entropy-client-seed']
    } else {
      Service['entropy-client-seed'] -> File[$seed_unit_path]
    }
    service { 'entropy-client-seed.timer':
      ensure   => $timer_ensure,
      enable   => $mode == 'timer' and $service_enable,
      provider => 'systemd',
    }
    if $mode == 'timer' {
      File[$timer_unit_path] ~> Service['entropy-client-seed.timer']
      File[$seed_unit_path] -> Service['entropy-client-seed.timer']
    } else {
      Service['entropy-client-seed.timer'] -> File[$timer_unit_path]
    }
  }
}
