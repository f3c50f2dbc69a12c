# @summary Directories and shared trust material (private; use `entropy`).
#
# @api private
class entropy::config {
  assert_private()

  $root = $entropy::root_dir
  $ssldir = $entropy::ssldir

  file {
    [entropy::rooted($root, $entropy::config_dir), entropy::rooted($root, $entropy::tls_dir)]:
      ensure  => directory,
      owner   => 'root',
      group   => $entropy::group,
      mode    => '0750',
      recurse => false;
    entropy::rooted($root, $entropy::state_dir):
      ensure => directory,
      owner  => $entropy::user,
      group  => $entropy::group,
      mode   => '0750';
  }

  $ca_file = entropy::rooted($root, $entropy::ca_path)
  $trust_defaults = {
    ensure => file,
    owner  => 'root',
    group  => $entropy::group,
    mode   => '0644',
  }

  case $entropy::pki_mode {
    'puppet': {
      file { $ca_file:
        source => "${ssldir}/certs/ca.pem",
        *      => $trust_defaults,
      }
      if $entropy::crl_path {
        file { entropy::rooted($root, $entropy::crl_path):
          source => "${ssldir}/crl.pem",
          *      => $trust_defaults,
        }
      }
    }
    'files': {
      file { $ca_file:
        content => $entropy::ca_bundle,
        *       => $trust_defaults,
      }
      if $entropy::crl_path {
        file { entropy::rooted($root, $entropy::crl_path):
          content => $entropy::crl,
          *       => $trust_defaults,
        }
      }
    }
    'suite': {
      $pki_dir = entropy::rooted($root, $entropy::pki_dir)
      if $entropy::init_ca {
        exec { 'entropy certs init-ca':
          command => "${entropy::certs_command} init-ca --dir ${shell_escape($pki_dir)} --name ${shell_escape($entropy::ca_name)}",
          creates => "${pki_dir}/ca/ca.crt",
          path    => ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'],
          before  => File[$ca_file],
        }
      }
      file { $ca_file:
        source => "${pki_dir}/ca-bundle.pem",
        *      => $trust_defaults,
      }
      if $entropy::crl_path {
        file { entropy::rooted($root, $entropy::crl_path):
          source => "${pki_dir}/ca.crl",
          *      => $trust_defaults,
        }
      }
    }
    default: {
      fail("entropy: unknown pki_mode '${entropy::pki_mode}'")
    }
  }
}
