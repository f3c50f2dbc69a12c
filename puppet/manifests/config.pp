# @summary Directories and shared trust material (private; use `entropy`).
#
# @api private
class entropy::config {
  assert_private()

  $root = $entropy::root_dir
  $ssldir = $entropy::ssldir
  $ca_file = entropy::rooted($root, $entropy::ca_path)

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

  $trust_defaults = {
    ensure => file,
    owner  => 'root',
    group  => $entropy::group,
    mode   => '0644',
  }

  case $entropy::pki_mode {
    'puppet': {
      # Puppet's files cannot be copied as they are: its RSA keys are PKCS#1, the agents read
      # PKCS#8. `certs import-puppet` converts (and checks key, certificate and CA belong
      # together); it runs again only when one of its inputs changed since the last import,
      # which a checksum file next to its output records.
      $import_dir = entropy::rooted($root, $entropy::puppet_import_dir)
      $certname = $entropy::certname
      $inputs = [
        "${ssldir}/certs/${certname}.pem", "${ssldir}/private_keys/${certname}.pem", "${ssldir}/certs/ca.pem",
      ] + ($entropy::crl_path ? { undef => [], default => ["${ssldir}/crl.pem"] })
      $inputs_arg = $inputs.map |$f| { shell_escape($f) }.join(' ')
      $stamp = shell_escape("${import_dir}/.puppet-inputs.sha256")
      $import_args = "--ssldir ${shell_escape($ssldir)} --certname ${shell_escape($certname)} --dir ${shell_escape($import_dir)}"
      exec { 'entropy certs import-puppet':
        command  => "${entropy::certs_command} import-puppet ${import_args} && sha256sum ${inputs_arg} > ${stamp}",
        unless   => "test -s ${shell_escape("${import_dir}/issued/${certname}.key")} && sha256sum --check --status ${stamp}",
        path     => ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'],
        provider => 'shell',
        before   => File[$ca_file],
      }
      file { $ca_file:
        source => "${import_dir}/ca-bundle.pem",
        *      => $trust_defaults,
      }
      if $entropy::crl_path {
        file { entropy::rooted($root, $entropy::crl_path):
          source  => "${import_dir}/ca.crl",
          require => Exec['entropy certs import-puppet'],
          *       => $trust_defaults,
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
        unless   => "${certs} list ${entropy::certs_list_args} --expiring ${entropy::renew_before}",
        path     => $exec_path,
        provider => 'shell',
        before   => File[$ca_file],
      }
      # The suite's CRLs expire (`crl_next_update`) and peers then refuse them: republish before that,
      # once `certs list --crl-expiring` (exit 3) sees one within `crl_renew_before`.
      exec { 'entropy certs crl':
        command  => "${certs} crl ${entropy::certs_dir_args} --next-update ${entropy::crl_next_update}",
        unless   => "${certs} list ${entropy::certs_list_args} --crl-expiring ${entropy::crl_renew_before}",
        path     => $exec_path,
        provider => 'shell',
        require  => Exec['entropy certs renew'],
      }
      file { $ca_file:
        source => "${pki_dir}/ca-bundle.pem",
        *      => $trust_defaults,
      }
      if $entropy::crl_path {
        file { entropy::rooted($root, $entropy::crl_path):
          source  => "${pki_dir}/ca.crl",
          require => Exec['entropy certs crl'],
          *       => $trust_defaults,
        }
      }
    }
    default: {
      fail("entropy: unknown pki_mode '${entropy::pki_mode}'")
    }
  }
}
