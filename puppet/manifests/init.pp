# @summary Common part of entropy-fleet: package, Java runtime, user, directories and trust material.
#
# Declared (via `include`) by `entropy::host` and `entropy::client`; declare it yourself only to
# change its parameters, or set them in Hiera (`entropy::pki_mode: files`, ...).
#
# Trust material (the CA bundle agents trust and, when used, the CRL) is placed at
# `${tls_dir}/ca.pem` and `${tls_dir}/crl.pem`. Agents re-read these files on their own, so
# changing them never restarts a service.
#
# @example Masterless, reusing the Puppet agent's certificate (the default)
#   include entropy::host
#
# @example Install from a local .deb, pinned to a version
#   class { 'entropy':
#     package_source => '/var/cache/entropy-fleet/entropy-fleet_0.1.0_all.deb',
#     package_ensure => '0.1.0',
#   }
#
# @param root_dir
#   Prefix for every path this module writes. `/` on a real node; a temporary directory in
#   tests. Contents of configs and units still name the node's real paths. Anything other
#   than `/` requires `manage_package`, `manage_java` and `manage_user` to be false and
#   the agents' `manage_service` to be false.
# @param manage_package
#   Whether to install the `entropy-fleet` package.
# @param package_name
#   Name of the Debian package.
# @param package_ensure
#   `installed`, `latest`, `absent`, or a version to pin (e.g. `0.1.0`). With `package_source`
#   a version must match the .deb's own version.
# @param package_source
#   Absolute path of a local `.deb` to install with dpkg instead of apt.
# @param apt_source
#   An apt repository to configure (deb822 file in `/etc/apt/sources.list.d/`) before
#   installing the package with apt. Ignored when `package_source` is set.
# @param manage_java
#   Whether to install the Java runtime the agents need.
# @param java_package
#   Package providing Java 17.
# @param manage_user
#   Whether to create the system user and group the agents run as.
# @param user
#   System user the agents run as.
# @param group
#   Group owning the configuration and readable key files.
# @param local_egd_group
#   Group of both agents' local EGD unix sockets (`socket-group`): its members may read entropy
#   from them. The module's own group `entropy-egd` is created (with `manage_user`); any other
#   name must be an existing group (e.g. `kvm`). With `manage_user`, `user` is made a member, so
#   the agent can give its socket this group. Add the socket's readers, e.g. `libvirt-qemu`, with
#   `local_egd_group_members`.
# @param local_egd_group_members
#   Local users added to `local_egd_group` (with `usermod -a -G`, only when `manage_user`), e.g.
#   `['libvirt-qemu']` so that QEMU's `rng-egd` can connect. They must exist.
# @param local_egd_socket_mode
#   Mode of the local EGD unix sockets (`socket-mode`); 0660: the agent and the group only.
# @param config_dir
#   Configuration directory (mode 0750, root:`group`).
# @param tls_dir
#   Directory of the agents' certificates, keys, CA bundle and CRL (mode 0750, root:`group`).
# @param state_dir
#   State directory of the agents (mode 0750, `user`:`group`).
# @param unit_dir
#   Where the systemd units are written (they override the package's units).
# @param pki_mode
#   Default PKI mode of `entropy::host` and `entropy::client`; see `Entropy::PkiMode`.
# @param ca_bundle
#   PEM CA bundle (mode `files`; required there).
# @param crl
#   PEM CRL(s) (mode `files`; optional).
# @param use_crl
#   Whether agents check revocation: in mode `puppet` the CRL is copied from the ssldir, in
#   mode `suite` from the suite PKI directory, in mode `files` it is `crl` when given.
# @param ssldir
#   The Puppet agent's ssldir (mode `puppet`).
# @param puppet_import_dir
#   Mode `puppet`: where `certs import-puppet` writes the agent's certificate, its key converted
#   to PKCS#8 (Puppet's own RSA keys are PKCS#1, which the agents refuse), the CA bundle and the
#   CRL; the agents' copies are made from there.
# @param certname
#   The Puppet agent's certname (mode `puppet`), also the default certificate name in mode `suite`.
# @param pki_dir
#   The suite CA's directory (mode `suite`), as used by `certs --dir`.
# @param certs_command
#   The certs tool (modes `puppet` and `suite`); may contain arguments, e.g. `java -jar /opt/certs.jar`.
# @param init_ca
#   In mode `suite`, create the CA with `certs init-ca` when `pki_dir` has none.
# @param ca_cn
#   Common name of the CA created by `init_ca`.
# @param ca_passphrase_file
#   In mode `suite`, the file holding the passphrase of an encrypted CA key (`--passphrase-file`).
# @param renew_before
#   In mode `suite`, every Puppet run renews (`certs renew --within`) the PKI's certificates that
#   expire within this duration, checked first with `certs list --expiring`.
# @param crl_next_update
#   In mode `suite`, how long each CRL the suite publishes stays valid (`certs crl --next-update`).
#   Peers reject an expired CRL, so Puppet republishes it, see `crl_renew_before`.
# @param crl_renew_before
#   In mode `suite`, every Puppet run republishes the CRLs (`certs crl`) once one of them reaches its
#   next update within this duration, checked first with `certs list --crl-expiring`. Keep it well
#   below `crl_next_update` (otherwise every run republishes) and above the time between two runs.
class entropy (
  Stdlib::Unixpath $root_dir,
  Boolean $manage_package,
  String[1] $package_name,
  String[1] $package_ensure,
  Optional[Stdlib::Unixpath] $package_source,
  Optional[Entropy::AptSource] $apt_source,
  Boolean $manage_java,
  String[1] $java_package,
  Boolean $manage_user,
  String[1] $user,
  String[1] $group,
  String[1] $local_egd_group,
  Array[String[1]] $local_egd_group_members,
  Entropy::SocketMode $local_egd_socket_mode,
  Stdlib::Unixpath $config_dir,
  Stdlib::Unixpath $tls_dir,
  Stdlib::Unixpath $state_dir,
  Stdlib::Unixpath $unit_dir,
  Entropy::PkiMode $pki_mode,
  Optional[String[1]] $ca_bundle,
  Optional[String[1]] $crl,
  Boolean $use_crl,
  Stdlib::Unixpath $pki_dir,
  String[1] $certs_command,
  Boolean $init_ca,
  String[1] $ca_cn,
  Optional[Stdlib::Unixpath] $ca_passphrase_file,
  Entropy::Duration $renew_before,
  Pattern[/\A[1-9]\d{0,5}[wdhms]\z/] $crl_next_update,
  Pattern[/\A[1-9]\d{0,5}[wdhms]\z/] $crl_renew_before,
  Stdlib::Unixpath $puppet_import_dir,
  Stdlib::Unixpath $ssldir = $settings::ssldir,
  String[1] $certname = $trusted['certname'],
) {
  if $root_dir != '/' and ($manage_package or $manage_java or $manage_user) {
    fail(@("MSG"/L))
      entropy: root_dir '${root_dir}' only works with manage_package, manage_java and manage_user \
      set to false (packages and users cannot be installed below a directory)
      | MSG
  }
  if $pki_mode == 'files' and $ca_bundle =~ Undef {
    fail("entropy: pki_mode 'files' needs ca_bundle (PEM text of the CA certificates the agents trust)")
  }

  # The certs tool's common arguments (mode suite).
  $certs_dir_args = [
    "--dir ${shell_escape(entropy::rooted($root_dir, $pki_dir))}",
    $ca_passphrase_file ? { undef => undef, default => "--passphrase-file ${shell_escape($ca_passphrase_file)}" },
  ].filter |$a| { $a =~ NotUndef }.join(' ')
  # `certs list` reads only; it takes no passphrase (and refuses the option).
  $certs_list_args = "--dir ${shell_escape(entropy::rooted($root_dir, $pki_dir))}"

  # Paths the node's agents see (written into configs and units) ...
  $ca_path = "${tls_dir}/ca.pem"
  $crl_path = $use_crl ? {
    true    => $pki_mode ? {
      'files' => $crl ? {
        undef   => undef,
        default => "${tls_dir}/crl.pem",
      },
      default => "${tls_dir}/crl.pem",
    },
    default => undef,
  }

  contain entropy::install
  contain entropy::config

  Class['entropy::install'] -> Class['entropy::config']
}
