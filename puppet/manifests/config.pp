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
      $certs = $entropy::certs_command
      $exec_path = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin']
      if $entropy::init_ca {
        # init-ca also publishes ca-bundle.pem and an empty ca.crl.
        exec { 'entropy certs init-ca':
          command  => "${certs} init-ca ${entropy::certs_dir_args} --cn ${shell_escape($entropy::ca_cn)}",
          creates  => "${pki_dir}/ca/ca.crt",
          path     => $exec_path,
          provider => 'shell',
          before   => Exec['entropy certs renew'],
        }
      }
      # Idempotent renewal: `certs list --expiring` exits 0 when nothing expires within the window
      # (3 when something does), so `certs renew` runs only when needed. Runs after every issue.
      exec { 'entropy certs renew':
        command  => "${certs} renew ${entropy::certs_dir_args} --within ${entropy::renew_before}",
        unless   => "${certs} list ${entropy::certs_dir_args} --expiring ${entropy::renew_before}",
        path     => $exec_path,
        provider => 'shell',
        before   => File[$ca_file],
      }
      file { $ca_file:
        source => "${pki_dir}/ca-bundle.pem",
        *      => $trust_defaults,
      }
      if $entropy::crl_path {
        file { entropy::rooted($root, $entropy::crl_path):
          source  => "${pki_dir}/ca.crl",
          require => Exec['entropy certs renew'],
          *       => $trust_defaults,
        }
      }
    }
    default: {
      fail("entropy: unknown pki_mode '${entropy::pki_mode}'")
    }
  }
}
