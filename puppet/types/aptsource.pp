# @summary An apt repository carrying the entropy-fleet package (rendered as a deb822 .sources file).
#
# @example
#   { 'location' => 'https://apt.example.net/entropy-fleet', 'release' => 'bookworm',
#     'components' => ['main'], 'signed_by' => '/usr/share/keyrings/entropy-fleet.gpg' }
type Entropy::AptSource = Struct[{
    'location'             => Stdlib::HTTPUrl,
    'release'              => String[1],
    Optional['components'] => Array[String[1], 1],
    Optional['signed_by']  => Stdlib::Unixpath,
}]
