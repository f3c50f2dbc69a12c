# @summary Installs the package, the Java runtime and the system user (private; use `entropy`).
#
# @api private
class entropy::install {
  assert_private()

  if $entropy::manage_java {
    package { $entropy::java_package:
      ensure => installed,
    }
  }

  if $entropy::manage_user {
    group { $entropy::group:
      ensure => present,
      system => true,
    }
    # The local EGD sockets' group: the module's own is created here, any other must exist. The
    # agent must be a member to give its sockets that group (chgrp needs no privilege then).
    $egd_group = $entropy::local_egd_group
    $own_egd_group = $egd_group == 'entropy-egd' and $egd_group != $entropy::group
    $agent_groups = $egd_group ? { $entropy::group => [], default => [$egd_group] }
    $member_require = $own_egd_group ? { true => Group[$egd_group], default => undef }
    if $own_egd_group {
      group { $egd_group:
        ensure => present,
        system => true,
      }
      Group[$egd_group] -> User[$entropy::user]
    }
    user { $entropy::user:
      ensure     => present,
      system     => true,
      gid        => $entropy::group,
      groups     => $agent_groups,
      membership => 'minimum',
      home       => $entropy::state_dir,
      managehome => false,
      shell      => '/usr/sbin/nologin',
      comment    => 'entropy-fleet agents',
      require    => Group[$entropy::group],
    }
    $entropy::local_egd_group_members.each |$member| {
      exec { "entropy local-egd group member ${member}":
        command  => "usermod -a -G ${shell_escape($egd_group)} ${shell_escape($member)}",
        unless   => "id -nG ${shell_escape($member)} | tr ' ' '\\n' | grep -qxF ${shell_escape($egd_group)}",
        path     => ['/usr/bin', '/bin', '/usr/sbin', '/sbin'],
        provider => 'shell',
        require  => $member_require,
      }
    }
  }

  if $entropy::manage_package {
    if $entropy::package_source {
      # A local .deb: dpkg installs it; `latest` compares with the file's own version.
      package { $entropy::package_name:
        ensure   => $entropy::package_ensure,
        provider => 'dpkg',
        source   => $entropy::package_source,
      }
    } else {
      if $entropy::apt_source {
        $components = pick($entropy::apt_source['components'], ['main'])
        file { '/etc/apt/sources.list.d/entropy-fleet.sources':
          ensure  => file,
          owner   => 'root',
          group   => 'root',
          mode    => '0644',
          content => epp('entropy/apt.sources.epp', {
              'location'   => $entropy::apt_source['location'],
              'release'    => $entropy::apt_source['release'],
              'components' => $components,
              'signed_by'  => $entropy::apt_source['signed_by'],
          }),
          notify  => Exec['entropy apt-get update'],
        }
        exec { 'entropy apt-get update':
          command     => 'apt-get update -q',
          path        => ['/usr/bin', '/bin', '/usr/sbin', '/sbin'],
          refreshonly => true,
          before      => Package[$entropy::package_name],
        }
      }
      package { $entropy::package_name:
        ensure   => $entropy::package_ensure,
        provider => 'apt',
      }
    }
    if $entropy::manage_java {
      Package[$entropy::java_package] -> Package[$entropy::package_name]
    }
    if $entropy::manage_user {
      # The package's postinst would create the user itself; Puppet's comes first so ids are Puppet's.
      User[$entropy::user] -> Package[$entropy::package_name]
    }
  }
}
