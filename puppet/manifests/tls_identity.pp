# @summary Places one agent's certificate and private key (private; used by `entropy::host` and `entropy::client`).
#
# Writes `${entropy::tls_dir}/${title}.crt` (0644) and `${title}.key` (0640, root:group). These
# resources deliberately notify nothing: the agents reload changed certificate files themselves.
#
# @api private
#
# @param kind
#   `host` (server certificate) or `client`.
# @param pki_mode
#   Where the certificate and key come from.
# @param certname
#   Certificate name: the Puppet certname (mode `puppet`) or the name to issue (mode `suite`).
# @param cert
#   PEM certificate (mode `files`).
# @param key
#   PEM private key (mode `files`).
# @param san
#   Extra subject alternative names to issue (mode `suite`, host certificates).
define entropy::tls_identity (
  Enum['host', 'client'] $kind,
  Entropy::PkiMode $pki_mode,
  String[1] $certname,
  Optional[String[1]] $cert = undef,
  Optional[Sensitive[String[1]]] $key = undef,
  Array[String[1]] $san = [],
) {
  assert_private()

  $root = $entropy::root_dir
  $crt_file = entropy::rooted($root, "${entropy::tls_dir}/${title}.crt")
  $key_file = entropy::rooted($root, "${entropy::tls_dir}/${title}.key")
  $crt_defaults = {
    ensure => file,
    owner  => 'root',
    group  => $entropy::group,
    mode   => '0644',
  }
  $key_defaults = {
    ensure    => file,
    owner     => 'root',
    group     => $entropy::group,
    mode      => '0640',
    show_diff => false,
  }

  case $pki_mode {
    'puppet': {
      file { $crt_file:
        source => "${entropy::ssldir}/certs/${certname}.pem",
        *      => $crt_defaults,
      }
      file { $key_file:
        source => "${entropy::ssldir}/private_keys/${certname}.pem",
        *      => $key_defaults,
      }
    }
    'files': {
      if $cert =~ Undef or $key =~ Undef {
        fail("entropy::${kind}: pki_mode 'files' needs both cert (PEM text) and key (Sensitive PEM text)")
      }
      file { $crt_file:
        content => $cert,
        *       => $crt_defaults,
      }
      file { $key_file:
        content => $key,
        *       => $key_defaults,
      }
    }
    'suite': {
      $pki_dir = entropy::rooted($root, $entropy::pki_dir)
      $dir_arg = shell_escape($pki_dir)
      $name_arg = shell_escape($certname)
      $san_args = $san.map |$s| { "--san ${shell_escape($s)}" }.join(' ')
      $issue = "${entropy::certs_command} issue ${kind} ${name_arg} --dir ${dir_arg} ${san_args}".rstrip
      $issued_crt = "${pki_dir}/issued/${certname}.crt"
      $exec_defaults = {
        path   => ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'],
        before => [File[$crt_file], File[$key_file]],
      }
      exec { "entropy certs issue ${kind} ${certname}":
        command => $issue,
        creates => $issued_crt,
        *       => $exec_defaults,
      }
      # Renew in place once the certificate is within renew_before of expiry; `certs list
      # --expiring` exits 3 when it is (0 when not), so it doubles as the idempotence check.
      exec { "entropy certs renew ${certname}":
        command => "${entropy::certs_command} renew ${name_arg} --dir ${dir_arg}",
        unless  => "${entropy::certs_command} list --dir ${dir_arg} --expiring ${entropy::renew_before} --name ${name_arg}",
        require => Exec["entropy certs issue ${kind} ${certname}"],
        *       => $exec_defaults,
      }
      if $entropy::init_ca {
        Exec['entropy certs init-ca'] -> Exec["entropy certs issue ${kind} ${certname}"]
      }
      file { $crt_file:
        source => $issued_crt,
        *      => $crt_defaults,
      }
      file { $key_file:
        source => "${pki_dir}/issued/${certname}.key",
        *      => $key_defaults,
      }
    }
    default: {
      fail("entropy::${kind}: unknown pki_mode '${pki_mode}'")
    }
  }
}
