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
      if $certname != $entropy::certname {
        fail(@("MSG"/L))
          entropy::${kind}: in pki_mode 'puppet' the certificate is the node's Puppet certificate \
          '${entropy::certname}' (entropy::certname), not '${certname}'
          | MSG
      }
      $imported = "${entropy::rooted($root, $entropy::puppet_import_dir)}/issued/${certname}"
      file { $crt_file:
        source  => "${imported}.crt",
        require => Exec['entropy certs import-puppet'],
        *       => $crt_defaults,
      }
      file { $key_file:
        source  => "${imported}.key",
        require => Exec['entropy certs import-puppet'],
        *       => $key_defaults,
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
      $san_args = $san.map |$s| { " --san ${shell_escape($s)}" }.join('')
      $issued = "${pki_dir}/issued/${certname}"
      # First issue only (`creates`); renewal is class entropy's `certs renew` exec, which runs after.
      exec { "entropy certs issue ${kind} ${certname}":
        command  => "${entropy::certs_command} issue ${kind} ${shell_escape($certname)} ${entropy::certs_dir_args}${san_args}",
        creates  => "${issued}.crt",
        path     => ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'],
        provider => 'shell',
        before   => Exec['entropy certs renew'],
      }
      if $entropy::init_ca {
        Exec['entropy certs init-ca'] -> Exec["entropy certs issue ${kind} ${certname}"]
      }
      file { $crt_file:
        source  => "${issued}.crt",
        require => Exec['entropy certs renew'],
        *       => $crt_defaults,
      }
      file { $key_file:
        source  => "${issued}.key",
        require => Exec['entropy certs renew'],
        *       => $key_defaults,
      }
    }
    default: {
      fail("entropy::${kind}: unknown pki_mode '${pki_mode}'")
    }
  }
}
