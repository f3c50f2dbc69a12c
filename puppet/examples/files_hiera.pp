# Mode `files` fed from Hiera, as on a masterless node: the certificate, key and CA bundle come
# from environment data (spec/acceptance/hiera/), the module's lookup_options turn the key into
# a Sensitive value. spec/acceptance/apply.sh applies it into a temporary root.
class { 'entropy':
  root_dir       => $facts['entropy_root'],
  manage_package => false,
  manage_java    => false,
  manage_user    => false,
  user           => 'daemon',
  group          => 'daemon',
  pki_mode       => 'files',
}
class { 'entropy::client':
  manage_service => false,
  hosts          => ['rng1.example.net:7776'],
}
